import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { xmlElement, xmlSafe, xmlText } from '#publisher/xml/xml-text';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false });

describe('xmlText', () => {
  it('escapes markup so that every ]]> and tag stays text', () => {
    const text = 'a ]]> b ]]> <x>c</x> &amp; "d" \'e\'';

    const xml = xmlElement('t', { a: text }, text);

    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parser.parse(xml).t['#text']).toBe(text);
    expect(parser.parse(xml).t['@a']).toBe(text);
  });

  it('removes the characters XML 1.0 forbids, lone surrogates included, and keeps the rest', () => {
    const text = `ok\u0001\u0000\u001f\u0008\udfff\ud800\ufffe\uffff tab\tnl\n 😀 \u{10FFFD} \u0085 \u00a0`;

    expect(xmlSafe(text)).toBe('ok tab\tnl\n 😀 \u{10FFFD} \u0085 \u00a0');
    expect(XMLValidator.validate(`<t>${xmlText(text)}</t>`)).toBe(true);
  });

  it('reads carriage returns as newlines, as an XML parser would', () => {
    expect(xmlSafe('a\r\nb\rc')).toBe('a\nb\nc');
  });
});
