// Responder-written Markdown as plain text: an email's text part, a feed's summary.
// Structure survives as plain-text conventions (blank lines between blocks, `- ` list items,
// `text (https://…)` links); markup and raw HTML survive only as the characters that were typed.
import { Lexer, type Token, type Tokens } from 'marked';
import { isAllowedHref } from './sanitize.ts';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®',
  trade: '™', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“',
  rdquo: '”', euro: '€', times: '×', middot: '·', deg: '°',
};

/** Character references as the characters they stand for (marked leaves them in text tokens). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function inline(tokens: ReadonlyArray<Token> | undefined): string {
  if (tokens === undefined) return '';
  return tokens.map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'text':
      return token.tokens ? inline(token.tokens) : decodeEntities(token.text);
    case 'escape':
      return token.text;
    case 'strong':
    case 'em':
    case 'del':
      return inline(token.tokens);
    case 'codespan':
      return decodeEntities(token.text);
    case 'br':
      return '\n';
    case 'link': {
      const link = token as Tokens.Link;
      const text = inline(link.tokens);
      const href = link.autolink ? link.href : decodeEntities(link.href);
      if (!isAllowedHref(href) || text === href || text === href.replace(/^mailto:/, '')) return text;
      return `${text} (${href})`;
    }
    case 'image':
      return decodeEntities((token as Tokens.Image).text);
    case 'html':
      return token.text;
    default:
      return 'tokens' in token && Array.isArray(token.tokens) ? inline(token.tokens) : (token.raw ?? '');
  }
}

function indent(text: string, prefix: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? prefix : line === '' ? '' : rest) + line)
    .join('\n');
}

function block(tokens: ReadonlyArray<Token>): string {
  const parts: string[] = [];
  for (const token of tokens) {
    const text = blockToken(token);
    if (text !== '') parts.push(text);
  }
  return parts.join('\n\n');
}

function blockToken(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph':
    case 'heading':
      return inline(token.tokens);
    case 'text':
      return token.tokens ? inline(token.tokens) : decodeEntities(token.text);
    case 'code':
      return token.text;
    case 'blockquote':
      return block(token.tokens ?? []).split('\n').map((line) => (line === '' ? '>' : `> ${line}`)).join('\n');
    case 'hr':
      return '---';
    case 'html':
      return token.text.trim();
    case 'list': {
      const list = token as Tokens.List;
      const start = typeof list.start === 'number' ? list.start : 1;
      return list.items
        .map((item, i) => {
          const marker = list.ordered ? `${start + i}. ` : '- ';
          const body = block(item.tokens).replace(/\n\n+/g, list.loose ? '\n\n' : '\n');
          return indent(body, marker, ' '.repeat(marker.length));
        })
        .join(list.loose ? '\n\n' : '\n');
    }
    case 'table': {
      const table = token as Tokens.Table;
      const row = (cells: ReadonlyArray<Tokens.TableCell>) => cells.map((cell) => inline(cell.tokens)).join(' | ');
      return [row(table.header), ...table.rows.map(row)].join('\n');
    }
    default:
      return inlineToken(token);
  }
}

/** Markdown → plain text (see the header). Never contains markup that was not typed as text. */
export function markdownToText(md: string): string {
  const tokens = new Lexer({ gfm: true, breaks: true }).lex(md);
  return block(tokens).replace(/[ \t]+$/gm, '').trim();
}
