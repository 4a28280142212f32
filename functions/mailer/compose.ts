// MIME composition by nodemailer's MailComposer: multipart/alternative with a text and an HTML
// part, headers encoded and folded as RFC 5322 wants. Nothing is read from files or URLs.
// A notification's many mails are spliced from one composition instead (compiled-mail.ts), which
// this composer checks and stands in for.
import MailComposer from 'nodemailer/lib/mail-composer';

export interface MailParts {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Further header fields, written as given (ASCII only, e.g. List-Unsubscribe). */
  headers?: Record<string, string>;
}

/**
 * What differs between two compositions of the same parts; nodemailer picks them at random (and
 * the date from the clock) unless they are given. Given, the composition is reproducible (tests).
 */
export interface MailUniques {
  /** With its angle brackets: `<…@example.com>`. */
  messageId: string;
  date: Date;
  /** The random part of the multipart boundary (nodemailer: 16 hex digits). */
  baseBoundary: string;
}

/** Whether text holds a control character (CR, LF, NUL…): in a field written as given it would start a field of its own. */
export const hasControlCharacter = (text: string): boolean => Array.from(text).some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f');

export async function composeMail(parts: MailParts, uniques?: MailUniques): Promise<Buffer> {
  const headers = Object.fromEntries(
    Object.entries(parts.headers ?? {}).map(([name, value]) => {
      if (hasControlCharacter(name) || hasControlCharacter(value) || name.includes(':')) {
        throw new Error(`the header field ${JSON.stringify(name)} holds a control character or a colon in its name: refused, as it could add fields to the mail`);
      }
      return [name, { prepared: true, value }];
    }),
  );
  return new MailComposer({
    from: parts.from,
    to: parts.to,
    subject: parts.subject,
    text: parts.text,
    html: parts.html,
    headers,
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(uniques ? { messageId: uniques.messageId, date: uniques.date, baseBoundary: uniques.baseBoundary } : {}),
  })
    .compile()
    .build();
}
