// The one way text reaches XML that Herald writes (the RSS and Atom feeds, and anything added
// later): as escaped character data, never CDATA, so no input (`]]>`, `<`, `&amp;`) can end a
// section or open an element; and without the characters XML 1.0 forbids (C0 controls but tab,
// newline and carriage return; lone surrogates; U+FFFE and U+FFFF), which would make the whole
// document unparseable. Carriage returns become newlines, as an XML parser would read them anyway.

/** Everything outside XML 1.0's Char production (lone surrogates included, under the u flag). */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text XML can carry: forbidden characters removed, line ends as a parser reads them. */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/\r\n?/g, '\n');
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text as XML character data (or an attribute value): reads back exactly as `xmlSafe(text)`. */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export type XmlAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** `<name a="…">text</name>`, text escaped; empty text gives a self-closing element. */
export function xmlElement(name: string, attributes: XmlAttributes, text?: string): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${xmlText(String(value))}"`)
    .join('');
  return text === undefined || text === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${xmlText(text)}</${name}>`;
}

/** `<name a="…">children</name>`: children already XML (built with xmlElement). */
export function xmlParent(name: string, attributes: XmlAttributes, children: ReadonlyArray<string>): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${xmlText(String(value))}"`)
    .join('');
  return `<${name}${attrs}>\n${children.join('\n')}\n</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
