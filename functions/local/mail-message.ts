// Reads a raw MIME message into the shape CONTRACT §5 gives captured mail. Header values are
// kept as the message carried them (unfolded, not decoded) with their names as written; text and
// html are the message's own text/plain and text/html parts, never one converted from the other.
// mailparser comes with aws-ses-v2-local (it parses with it too); it is not a direct dependency.
import { simpleParser, type AddressObject } from 'mailparser';

export interface CapturedMail {
  message_id: string;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
}

export async function readMail(
  messageId: string,
  raw: Buffer,
  destinations: readonly string[] = [],
): Promise<CapturedMail> {
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
  });
  const headerRecipients = [parsed.to, parsed.cc, parsed.bcc].flatMap(addressesOf);
  return {
    message_id: messageId,
    from: addressesOf(parsed.from)[0] ?? '',
    to: destinations.length > 0 ? [...destinations] : headerRecipients,
    subject: parsed.subject ?? '',
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers: headerFields(raw),
  };
}

/** The header section as name → value; a repeated field's values are joined with ", ". */
export function headerFields(raw: Buffer): Record<string, string> {
  const text = raw.toString('utf8');
  const end = /\r?\n\r?\n/.exec(text);
  const section = end ? text.slice(0, end.index) : text;
  const headers = new Map<string, string>();
  for (const line of section.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    const earlier = headers.get(name);
    headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
  }
  return Object.fromEntries(headers);
}

function addressesOf(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) => (entry.group ?? [entry]).map((member) => member.address ?? '')),
  ).filter(Boolean);
}
