// nodemailer's quoted-printable soft wrapping (nodemailer/lib/qp `wrap`, MIT), made resumable: the
// loop is greedy from left to right and each step reads only the 76 characters ahead of it, so the
// steps over a constant prefix can run once (`wrapUntil`) and each recipient's mail carries on from
// there (`wrapRest`). The result is the same string nodemailer's own wrap gives for the whole body;
// test/mailer/compiled-mail.test.ts compares whole mails with nodemailer's, byte for byte.

export const QP_LINE_LENGTH = 76;
const LINE_MARGIN = Math.floor(QP_LINE_LENGTH / 3);

export interface WrapState {
  /** The wrapped output so far. */
  out: string;
  /** How much of the input it covers. */
  pos: number;
}

/**
 * The wrap steps over `str` that read nothing past its end, for a `str` that is only the start of
 * the body (more always follows it). Carry on with `wrapRest(str.slice(state.pos) + more)`.
 */
export function wrapUntil(str: string): WrapState {
  return steps(str, 0, Number.POSITIVE_INFINITY, str.length);
}

/** The wrap steps from where `wrapUntil` stopped to the end of the body (`rest` is the remainder). */
export function wrapRest(rest: string): string {
  return steps(rest, 0, rest.length, Number.POSITIVE_INFINITY).out;
}

/** nodemailer's loop; `len` is the whole input's length (infinite: more follows), `stop` where reading must end. */
function steps(str: string, start: number, len: number, stop: number): WrapState {
  let pos = start;
  let result = '';
  let match: RegExpMatchArray | null;
  while (pos < len && pos < str.length) {
    if (pos + QP_LINE_LENGTH > stop) break;
    let line = str.substr(pos, QP_LINE_LENGTH);
    if ((match = line.match(/\r\n/))) {
      line = line.substr(0, match.index! + match[0].length);
      result += line;
      pos += line.length;
      continue;
    }
    if (line.substr(-1) === '\n') {
      result += line;
      pos += line.length;
      continue;
    }
    if ((match = line.substr(-LINE_MARGIN).match(/\n.*?$/))) {
      line = line.substr(0, line.length - (match[0].length - 1));
      result += line;
      pos += line.length;
      continue;
    }
    if (line.length > QP_LINE_LENGTH - LINE_MARGIN && (match = line.substr(-LINE_MARGIN).match(/[ \t.,!?][^ \t.,!?]*$/))) {
      line = line.substr(0, line.length - (match[0].length - 1));
    } else if (line.match(/[=][\da-f]{0,2}$/i)) {
      if ((match = line.match(/[=][\da-f]{0,1}$/i))) line = line.substr(0, line.length - match[0].length);
      // UTF-8 sequences stay on one line
      while (line.length > 3 && line.length < len - pos && !line.match(/^(?:=[\da-f]{2}){1,4}$/i) && (match = line.match(/[=][\da-f]{2}$/gi))) {
        const code = parseInt(match[0].substr(1, 2), 16);
        if (code < 128) break;
        line = line.substr(0, line.length - 3);
        if (code >= 0xc0) break;
      }
    }
    if (!line.length) line = str.substr(pos, QP_LINE_LENGTH);
    if (pos + line.length < len && line.substr(-1) !== '\n') {
      if (line.length === QP_LINE_LENGTH && line.match(/[=][\da-f]{2}$/i)) line = line.substr(0, line.length - 3);
      else if (line.length === QP_LINE_LENGTH) line = line.substr(0, line.length - 1);
      pos += line.length;
      line += '=\r\n';
    } else {
      pos += line.length;
    }
    result += line;
  }
  return { out: result, pos };
}
