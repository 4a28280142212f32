// The sanitizer's output (content/markdown.ts → content/sanitize.ts) as a small tree, for the
// chat formats to re-render. It parses only that output: well-formed allowlisted tags, attribute
// values in double quotes with `"` `<` `>` `&` escaped, and text in which every `<` is `&lt;`. So a
// plain scan is exact here; it is not a general HTML parser and is never given anything else.
import { renderMarkdown } from '#content/markdown';

export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

const VOID = new Set(['br', 'hr']);
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Character references as characters (the text the reader typed). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

function attributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) attrs[m[1]!.toLowerCase()] = decodeEntities(m[2]!);
  return attrs;
}

/** Sanitized HTML → its nodes (text decoded). */
export function parseSanitizedHtml(html: string): HtmlNode[] {
  const root: HtmlElement = { tag: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)/g)) {
    const top = stack[stack.length - 1]!;
    if (m[4] !== undefined) {
      top.children.push(decodeEntities(m[4]));
      continue;
    }
    const tag = m[2]!.toLowerCase();
    if (m[1] === '/') {
      // Close the nearest open element of that name (the sanitizer's output is balanced).
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const element: HtmlElement = { tag, attrs: attributes(m[3] ?? ''), children: [] };
    top.children.push(element);
    if (!VOID.has(tag) && !(m[3] ?? '').trimEnd().endsWith('/')) stack.push(element);
  }
  return root.children;
}

/** A responder's Markdown through the one sanitizer, as a tree. */
export function markdownTree(markdown: string): HtmlNode[] {
  return parseSanitizedHtml(renderMarkdown(markdown));
}

/** The text of a node and its descendants. */
export function textOf(node: HtmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}
