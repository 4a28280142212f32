// Responder-written Markdown (update messages, postmortems) as HTML that is safe to show anywhere.
//
// Two layers: marked renders with raw HTML escaped (a `<b>` typed in a message shows as text, it
// is never markup), images shown as their alt text, and headings moved under the page's own;
// then sanitize.ts keeps only its allowlist. Long words are left whole: the page breaks them with
// CSS (`overflow-wrap: anywhere` on `.prose`), so copied text stays exactly what was written.
import { Marked, type Tokens } from 'marked';
import { isAllowedHref, sanitizeContentHtml } from './sanitize.ts';

export { markdownToText } from './markdown-text.ts';

/** The highest heading level Markdown content may use: the page's own h1 and h2 come first. */
const TOP_HEADING = 3;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function minHeadingDepth(tokens: ReadonlyArray<{ type: string; depth?: number }>): number {
  let min = 6;
  for (const token of tokens) {
    if (token.type === 'heading' && token.depth !== undefined) min = Math.min(min, token.depth);
  }
  return min;
}

function createMarked(): Marked {
  const marked = new Marked({ gfm: true, breaks: true, async: false });
  // The shift that brings the document's top heading to TOP_HEADING, set per call.
  let headingShift = 0;
  marked.use({
    hooks: {
      processAllTokens(tokens) {
        headingShift = TOP_HEADING - minHeadingDepth(tokens);
        return tokens;
      },
    },
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag) {
        // Raw HTML is shown as the text that was typed; a block of it as a paragraph.
        return token.block ? `<p>${escapeHtml(token.text.trim())}</p>\n` : escapeHtml(token.text);
      },
      image({ text }: Tokens.Image) {
        return escapeHtml(text);
      },
      link(token: Tokens.Link) {
        // A link to anything but http, https or mailto is shown as its text; false = marked's own.
        return isAllowedHref(token.href) ? false : this.parser.parseInline(token.tokens);
      },
      table(token: Tokens.Table) {
        // Tables are outside the allowlist: each row becomes a line of `cell | cell`.
        const row = (cells: Tokens.TableCell[]) => cells.map((cell) => this.parser.parseInline(cell.tokens)).join(' | ');
        return `<p>${[row(token.header), ...token.rows.map(row)].join('<br>')}</p>\n`;
      },
      heading({ tokens, depth }: Tokens.Heading) {
        const level = Math.min(6, Math.max(TOP_HEADING, depth + headingShift));
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
    },
  });
  return marked;
}

const marked = createMarked();

/** Markdown → sanitised HTML (see the header). */
export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false });
  return sanitizeContentHtml(html).trim();
}
