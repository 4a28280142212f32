// Responder-written Markdown for chat apps: rendered and sanitized by the one sanitizer
// (content/markdown.ts), then its allowlisted tags — bold, italic, strike, links, lists, code,
// quotes, headings — re-written in the chat's own markup. Every character of text goes through
// the dialect's `escape`, so nothing the responder typed can become markup there (a typed
// `<!channel>` stays text in Slack); links are only those the sanitizer kept (http, https, mailto).
import { markdownTree, textOf, type HtmlElement, type HtmlNode } from './html-tree.ts';

export interface ChatDialect {
  escape(text: string): string;
  strong(inner: string): string;
  em(inner: string): string;
  del(inner: string): string;
  code(text: string): string;
  pre(text: string): string;
  link(href: string, inner: string): string;
  heading(inner: string): string;
  quote(block: string): string;
  hr: string;
  /** An unordered list item's marker. */
  bullet: string;
}

const BLOCK = new Set(['p', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'pre', 'blockquote', 'hr', 'li']);

/** Wraps non-blank text in a marker, keeping surrounding spaces outside (chats need the marker
 * next to the word). */
function wrap(inner: string, around: (s: string) => string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] === '' ? inner : `${m[1]}${around(m[2]!)}${m[3]}`;
}

function inline(nodes: ReadonlyArray<HtmlNode>, d: ChatDialect): string {
  return nodes.map((node) => inlineNode(node, d)).join('');
}

function inlineNode(node: HtmlNode, d: ChatDialect): string {
  if (typeof node === 'string') return d.escape(node);
  switch (node.tag) {
    case 'strong':
      return wrap(inline(node.children, d), d.strong);
    case 'em':
      return wrap(inline(node.children, d), d.em);
    case 'del':
      return wrap(inline(node.children, d), d.del);
    case 'code':
      return d.code(textOf(node));
    case 'br':
      return '\n';
    case 'a': {
      const inner = inline(node.children, d);
      return node.attrs.href ? d.link(node.attrs.href, inner) : inner;
    }
    default:
      return inline(node.children, d);
  }
}

function indent(text: string, first: string): string {
  const rest = ' '.repeat(first.length);
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line === '' ? '' : rest) + line)
    .join('\n');
}

function list(element: HtmlElement, d: ChatDialect): string {
  const ordered = element.tag === 'ol';
  const start = Number.parseInt(element.attrs.start ?? '1', 10);
  const items = element.children.filter((c): c is HtmlElement => typeof c !== 'string' && c.tag === 'li');
  return items
    .map((item, i) => indent(blocks(item.children, d).replace(/\n\n+/g, '\n'), ordered ? `${(Number.isNaN(start) ? 1 : start) + i}. ` : d.bullet))
    .join('\n');
}

function block(element: HtmlElement, d: ChatDialect): string {
  switch (element.tag) {
    case 'p':
      return inline(element.children, d).trim();
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return wrap(inline(element.children, d).trim(), d.heading);
    case 'ul':
    case 'ol':
      return list(element, d);
    case 'pre':
      return d.pre(textOf(element).replace(/\n$/, ''));
    case 'blockquote':
      return d.quote(blocks(element.children, d));
    case 'hr':
      return d.hr;
    default:
      return blocks(element.children, d);
  }
}

/** Nodes as blocks separated by blank lines; runs of inline nodes make one block. */
function blocks(nodes: ReadonlyArray<HtmlNode>, d: ChatDialect): string {
  const out: string[] = [];
  let run: HtmlNode[] = [];
  const flush = () => {
    const text = inline(run, d).trim();
    if (text !== '') out.push(text);
    run = [];
  };
  for (const node of nodes) {
    if (typeof node !== 'string' && BLOCK.has(node.tag)) {
      flush();
      const text = block(node, d);
      if (text !== '') out.push(text);
    } else {
      run.push(node);
    }
  }
  flush();
  return out.join('\n\n');
}

/** Markdown → the chat dialect's markup, through the sanitizer. */
export function markdownToChat(markdown: string, dialect: ChatDialect): string {
  return blocks(markdownTree(markdown), dialect);
}

/**
 * `text` cut to at most `max` characters at a safe place (never inside an escape or a link, at a
 * line or word break when there is one nearby), `suffix` appended; unchanged when it fits.
 */
export function truncateMarkup(text: string, max: number, suffix: string, unsafeFrom: (head: string) => number): string {
  if (text.length <= max) return text;
  const safe = (head: string) => {
    const open = unsafeFrom(head);
    return open >= 0 ? head.slice(0, open) : head;
  };
  let head = safe(text.slice(0, Math.max(0, max - suffix.length)));
  // Prefer a line or word break nearby; the break may fall inside a link's label, so check again.
  const brk = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
  if (brk > head.length * 0.8) head = safe(head.slice(0, brk));
  return `${head.trimEnd()}${suffix}`;
}
