// A notification's mail composed once and spliced per recipient. Every recipient's mail is what
// composeMail (nodemailer) would make of it, byte for byte, given the same Message-ID, Date and
// boundary; only the per-recipient parts are worked out per mail:
//   - To (encoded and folded by nodemailer's own functions), Message-ID, Date, the boundary: new
//     per mail, as nodemailer makes them;
//   - the slot: the recipient's token, wherever the template puts it (the manage and unsubscribe
//     links in the text and HTML bodies, List-Unsubscribe). A slot value is letters, digits and
//     `_ . -` only, so HTML escaping, quoted-printable and header writing all leave it as it is;
//   - each body's transfer encoding (decided from counts kept per piece) and its encoding from the
//     first slot on (quoted-printable soft breaks move with the slot's length; compiled-body.ts).
// Compiling composes reference mails with nodemailer and checks that splicing gives the same
// bytes; a template it can't splice (or a value outside the slot's alphabet) is composed in full.
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { buildHeaderValue, foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import { compileBody, SLOT, type CompiledBody, type RenderedBody } from './compiled-body';
import { composeMail, type MailParts, type MailUniques } from './compose';

/** The mail for a recipient whose slot value is `slot`, apart from its To. */
export type MailFor = (slot: string) => Omit<MailParts, 'to'>;

export interface CompiledMail {
  /** True when mails are spliced; false when each is composed in full (why: `reason`). */
  readonly spliced: boolean;
  readonly reason?: string;
  /** The whole RFC 5322 message for one recipient. `uniques`: nodemailer's kind of random ones when absent. */
  compose(to: string, slot: string, uniques?: MailUniques): Promise<Buffer>;
}

type Field = string | { kind: 'to' | 'message-id' | 'date' | 'content-type' } | { kind: 'slot'; pieces: string[] };

const PROBE_TO = 'Probe Recipient <probe.recipient@compile.invalid>';
const PROBE_TO_2 = 'Prøbe Twö <second.probe.recipient.with.a.longer.address@compile.invalid>';
const probeUniques = (n: number, domain: string): MailUniques => ({
  messageId: `<0000000${n}-0000-0000-0000-000000000000@${domain}>`,
  date: new Date(Date.UTC(2001, 0, 1, 0, 0, n)),
  baseBoundary: `${n}`.repeat(16),
});

/** Compiles the mail once (a few reference compositions); then `compose` per recipient. */
export async function compileMail(mailFor: MailFor): Promise<CompiledMail> {
  const markers = [`HrldSlot${randomBytes(8).toString('hex')}`, `HrldSlot${randomBytes(12).toString('hex')}Two`];
  const [a, b] = markers.map(mailFor) as [Omit<MailParts, 'to'>, Omit<MailParts, 'to'>];
  const full = (reason: string): CompiledMail => ({
    spliced: false,
    reason,
    compose: (to, slot, uniques) => composeMail({ ...mailFor(slot), to }, uniques),
  });

  // The slot: wherever the first marker is, the second is, and nothing else differs.
  const split = (value: string) => value.split(markers[0]!);
  const same = (x: string, y: string) => split(x).join(markers[1]!) === y;
  const headerNames = Object.keys(a.headers ?? {});
  if (a.from !== b.from || a.subject !== b.subject || a.from.includes(markers[0]!) || a.subject.includes(markers[0]!)) return full('From or Subject depends on the slot');
  if (!same(a.text, b.text) || !same(a.html, b.html)) return full('a body is not its pieces around the slot');
  if (headerNames.join() !== Object.keys(b.headers ?? {}).join() || headerNames.some((name) => !same(a.headers![name]!, b.headers![name]!))) {
    return full('a header is not its pieces around the slot');
  }

  const text = compileBody(split(a.text));
  const html = compileBody(split(a.html));
  if (!text || !html) return full('a body nodemailer encodes in slices or with trailing whitespace');

  // The header fields as nodemailer writes them, in its order; the per-recipient ones marked.
  const envelopeFrom = new MailComposer({ from: a.from }).compile().getEnvelope().from;
  const domain = (envelopeFrom || 'localhost').split('@').pop()!;
  const reference = (await composeMail({ ...a, to: PROBE_TO }, probeUniques(1, domain))).toString('utf8');
  const fields: Field[] = [];
  for (const field of reference.slice(0, reference.indexOf('\r\n\r\n')).split(/\r\n(?![ \t])/)) {
    const name = field.slice(0, field.indexOf(':'));
    if (name === 'To' || name === 'Content-Type' || name === 'Date') fields.push({ kind: name.toLowerCase() as 'to' | 'date' | 'content-type' });
    else if (name === 'Message-ID') fields.push({ kind: 'message-id' });
    else if (field.includes(markers[0]!)) {
      // Only the caller's own header fields are written as given (not encoded, not folded).
      if (!headerNames.some((header) => header.toLowerCase() === name.toLowerCase())) return full(`the slot is in ${name}`);
      fields.push({ kind: 'slot', pieces: split(field) });
    } else if (field.includes('probe.recipient') || field.includes('1111111111111111')) return full(`${name} depends on the recipient`);
    else fields.push(field);
  }

  const spliced = splicer(fields, text, html);
  // The proof, on this very template: two recipients, two slots, against nodemailer's own mails.
  for (const [i, to] of [PROBE_TO, PROBE_TO_2].entries()) {
    const uniques = probeUniques(i + 1, domain);
    const mine = spliced(to, markers[i]!, uniques);
    const theirs = await composeMail({ ...(i === 0 ? a : b), to }, uniques);
    if (!mine.equals(theirs)) return full('splicing did not give nodemailer’s bytes');
  }

  return {
    spliced: true,
    compose: async (to, slot, uniques) =>
      SLOT.test(slot) ? spliced(to, slot, uniques ?? randomUniques(domain)) : composeMail({ ...mailFor(slot), to }, uniques),
  };
}

/** A Message-ID and boundary like nodemailer's (random hex, the From's domain), and the time now. */
export function randomUniques(domain: string): MailUniques {
  const hex = randomBytes(24).toString('hex');
  return {
    messageId: `<${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}@${domain}>`,
    date: new Date(),
    baseBoundary: hex.slice(32, 48),
  };
}

function splicer(fields: readonly Field[], text: CompiledBody, html: CompiledBody) {
  // nodemailer's own header encoding (addresses, message ids), from a node that is never sent.
  const encoder = new MimeNode();
  const part = (type: string, rendered: RenderedBody, boundary: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: ${rendered.encoding}\r\n\r\n${rendered.body}\r\n`;
  return (to: string, slot: string, uniques: MailUniques): Buffer => {
    const boundary = `--_NmP-${uniques.baseBoundary}-Part_1`;
    let head = '';
    for (const field of fields) {
      if (head) head += '\r\n';
      if (typeof field === 'string') head += field;
      else if (field.kind === 'slot') head += field.pieces.join(slot);
      else if (field.kind === 'to') head += foldLines(`To: ${encoder.encodeHeaderValue('To', to)}`, 76);
      else if (field.kind === 'message-id') head += foldLines(`Message-ID: ${encoder.encodeHeaderValue('Message-ID', uniques.messageId)}`, 76);
      else if (field.kind === 'date') head += `Date: ${uniques.date.toUTCString().replace(/GMT/, '+0000')}`;
      else head += foldLines(`Content-Type: ${buildHeaderValue({ value: 'multipart/alternative', params: { boundary } })}`, 76);
    }
    const message =
      `${head}\r\n\r\n` +
      part('text/plain', text.render(slot), boundary) +
      part('text/html', html.render(slot), boundary) +
      `--${boundary}--\r\n`;
    return Buffer.from(message, 'utf8');
  };
}
