// One text part of a compiled mail (compiled-mail.ts): the body as constant pieces with a
// recipient's slot between them. Everything nodemailer would work out from the whole body is worked
// out once from the pieces: the transfer encoding's inputs (plain text?, latin or not), the
// quoted-printable encoding and its soft wrapping up to the first slot, or the base64 lines before
// it. Per recipient, only what follows the first slot is encoded and wrapped again.
import { encode as base64Encode } from 'nodemailer/lib/base64';
import { hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode } from 'nodemailer/lib/qp';
import { QP_LINE_LENGTH, wrapRest, wrapUntil, type WrapState } from './qp-wrap';

export type TransferEncoding = '7bit' | 'quoted-printable' | 'base64';

export interface RenderedBody {
  encoding: TransferEncoding;
  /** The encoded body (ASCII). */
  body: string;
}

export interface CompiledBody {
  /** The body with `slot` (letters, digits, `_ . -` only: see SLOT) in every slot (if it has any). */
  render(slot: string): RenderedBody;
}

/** What a slot may hold: a value that reads the same escaped for HTML, in QP, and in a header. */
export const SLOT = /^[A-Za-z0-9_.-]+$/;

const BASE64_LINE_BYTES = (QP_LINE_LENGTH / 4) * 3;
/** nodemailer's QP encoder works on 64 KiB slices; a body near that size is composed in full. */
const MAX_BODY_BYTES = 32 * 1024;

/** Latin letters and "binary" characters, as nodemailer's _getTextEncoding counts them. */
function letterCounts(value: string): { latin: number; other: number } {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80) other++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  return { latin, other };
}

/** QP of a piece that a slot follows: its trailing spaces and tabs stay literal (a slot is never blank). */
function qpBeforeSlot(piece: string): string {
  const trailing = /[ \t]*$/.exec(piece)![0];
  return qpEncode(piece.slice(0, piece.length - trailing.length)) + trailing;
}

/** Null when the body is one nodemailer would encode in a way the pieces can't reproduce. */
export function compileBody(pieces: readonly string[]): CompiledBody | null {
  const last = pieces[pieces.length - 1]!;
  // The QP stream encodes whitespace at the very end separately (a wrap of its own).
  if (/[ \t]$/.test(last)) return null;
  const bytes = pieces.map((piece) => Buffer.from(piece, 'utf8'));
  if (bytes.reduce((n, b) => n + b.length, 0) > MAX_BODY_BYTES) return null;

  const slots = pieces.length - 1;
  const plain = pieces.every((piece) => isPlainText(piece));
  const counts = pieces.map(letterCounts).reduce((a, b) => ({ latin: a.latin + b.latin, other: a.other + b.other }));

  // Quoted-printable: the pieces encoded, and the wrap steps that read only the first piece.
  const encoded = pieces.map((piece, i) => (i < slots ? qpBeforeSlot(piece) : qpEncode(piece)));
  const head: WrapState = slots > 0 ? wrapUntil(encoded[0]!) : { out: '', pos: 0 };
  const headRest = encoded[0]!.slice(head.pos);
  const tail = encoded.slice(1);

  // Base64: the whole 57-byte lines before the first slot (something always follows them).
  const b64Bytes = slots > 0 ? Math.floor(bytes[0]!.length / BASE64_LINE_BYTES) * BASE64_LINE_BYTES : 0;
  const b64Head = base64Lines(bytes[0]!.subarray(0, b64Bytes), true);
  const b64Tail = bytes[0]!.subarray(b64Bytes);

  return {
    render(slot) {
      if (plain && !hasLongerLines(pieces.join(slot), QP_LINE_LENGTH)) return { encoding: '7bit', body: pieces.join(slot) };
      const latin = counts.latin + slots * letterCounts(slot).latin;
      if (counts.other < latin) {
        const rest = headRest + slot + tail.join(slot);
        // nodemailer leaves a body of at most one line alone
        const body = head.pos + rest.length <= QP_LINE_LENGTH ? encoded[0]!.slice(0, head.pos) + rest : head.out + wrapRest(rest);
        return { encoding: 'quoted-printable', body };
      }
      const slotBytes = Buffer.from(slot, 'utf8');
      const restBytes = Buffer.concat([b64Tail, ...bytes.slice(1).flatMap((b) => [slotBytes, b])]);
      return { encoding: 'base64', body: b64Head + base64Lines(restBytes, false) };
    },
  };
}

/** Base64 in lines of 76 joined by CRLF; `open`: more follows, so the last line ends with CRLF too. */
function base64Lines(bytes: Buffer, open: boolean): string {
  const b64 = base64Encode(bytes);
  let out = '';
  for (let i = 0; i < b64.length; i += QP_LINE_LENGTH) {
    out += b64.slice(i, i + QP_LINE_LENGTH);
    if (open || i + QP_LINE_LENGTH < b64.length) out += '\r\n';
  }
  return out;
}
