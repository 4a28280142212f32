// MIME composition by nodemailer's MailComposer: multipart/alternative with a text and an HTML
// part, headers encoded and folded as RFC 5322 wants. Nothing is read from files or URLs.
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

export function composeMail(parts: MailParts): Promise<Buffer> {
  const headers = Object.fromEntries(
    Object.entries(parts.headers ?? {}).map(([name, value]) => [name, { prepared: true, value }]),
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
  })
    .compile()
    .build();
}
