import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from '../../functions/content/markdown.ts';
import { sanitizeContentHtml } from '../../functions/content/sanitize.ts';

/** Every tag name in an HTML string. */
function tagsIn(html: string): string[] {
  return [...html.matchAll(/<\/?([a-z][a-z0-9-]*)/gi)].map((m) => m[1]!.toLowerCase());
}

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'blockquote', 'h3', 'h4', 'h5', 'h6', 'hr', 'del']);

describe('renderMarkdown', () => {
  it('renders the Markdown a responder writes', () => {
    const html = renderMarkdown('We are **investigating** _errors_ in `auth`.\n\n- EU\n- US\n\n> quoted\n\n~~wrong~~');

    expect(html).toContain('<strong>investigating</strong>');
    expect(html).toContain('<em>errors</em>');
    expect(html).toContain('<code>auth</code>');
    expect(html).toContain('<li>EU</li>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<del>wrong</del>');
  });

  it('shows a script tag as text, never as markup', () => {
    const html = renderMarkdown('Hello <script>alert(1)</script> world');

    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('never passes raw HTML through: an img with onerror stays text', () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)">\n\n<div onclick="x()">hi</div>');

    expect(tagsIn(html).every((t) => ALLOWED.has(t))).toBe(true);
    expect(html).not.toMatch(/<img|<div/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(html).toBe('<p>&lt;img src=x onerror="alert(1)"&gt;</p>\n<p>&lt;div onclick="x()"&gt;hi&lt;/div&gt;</p>');
  });

  it('drops Markdown images, keeping their alt text', () => {
    const html = renderMarkdown('![status graph](https://evil.example/pixel.png)');

    expect(html).toBe('<p>status graph</p>');
  });

  it.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['upper-case JAVASCRIPT:', '[click](JAVASCRIPT:alert(1))'],
    ['mixed-case', '[click](JaVaScRiPt:alert(1))'],
    ['entity-encoded j', '[click](&#106;avascript:alert(1))'],
    ['hex-entity-encoded', '[click](&#x6A;&#x61;vascript:alert(1))'],
    ['an encoded tab inside the scheme', '[click](java&#x09;script:alert(1))'],
    ['leading spaces', '[click]( javascript:alert(1))'],
    ['data:', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['an autolink', '<javascript:alert(1)>'],
    ['a reference link', '[click][x]\n\n[x]: javascript:alert(1)'],
  ])('turns a %s link into plain text', (_name, md) => {
    const html = renderMarkdown(md);

    expect(html).not.toMatch(/href/i);
    expect(html.toLowerCase()).not.toMatch(/<a[\s>]/);
  });

  it('keeps http, https and mailto links, with rel="nofollow noopener noreferrer"', () => {
    const html = renderMarkdown('[docs](https://example.com/a?b=1&c=2) [plain](http://example.com) [mail](mailto:ops@example.com)');

    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">docs</a>');
    expect(html).toContain('<a href="http://example.com" rel="nofollow noopener noreferrer">plain</a>');
    expect(html).toContain('<a href="mailto:ops@example.com" rel="nofollow noopener noreferrer">mail</a>');
  });

  it('drops relative links, which point nowhere in a feed or an email', () => {
    expect(renderMarkdown('[here](/incidents/x) [there](//evil.example)')).toBe('<p>here there</p>');
  });

  it('survives unclosed tags and unbalanced Markdown without leaking markup', () => {
    const html = renderMarkdown('<b>bold <i>never closed\n\n**half [link](https://example.com');

    expect(tagsIn(html).every((t) => ALLOWED.has(t))).toBe(true);
    expect(html).toContain('&lt;b&gt;bold &lt;i&gt;never closed');
  });

  it('keeps a 10,000-character word whole (the page breaks it with CSS)', () => {
    const word = 'a'.repeat(10_000);

    const html = renderMarkdown(`Before ${word} after`);

    expect(html).toBe(`<p>Before ${word} after</p>`);
  });

  it('moves headings below the page’s own h1 and h2', () => {
    const html = renderMarkdown('# Summary\n\n## Timeline\n\n### Detail');

    expect(tagsIn(html).filter((t) => /^h\d$/.test(t))).toEqual(['h3', 'h3', 'h4', 'h4', 'h5', 'h5']);
  });

  it('renders a table as lines of text, tables being outside the allowlist', () => {
    const html = renderMarkdown('| region | state |\n|---|---|\n| EU | down |');

    expect(html).toBe('<p>region | state<br />EU | down</p>');
  });
});

describe('sanitizeContentHtml', () => {
  it('strips what the allowlist does not name, even from hand-written HTML', () => {
    const html = sanitizeContentHtml(
      '<p onclick="x()" style="color:red">a</p><script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://evil"></iframe><a href="javascript:alert(1)">js</a><a href="https://ok.example">ok</a><svg><script>alert(2)</script></svg>',
    );

    expect(html).toBe('<p>a</p><a rel="nofollow noopener noreferrer">js</a><a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a>');
  });

  it('keeps only language-* classes on code', () => {
    expect(sanitizeContentHtml('<pre><code class="language-js evil">x</code></pre>')).toBe('<pre><code class="language-js">x</code></pre>');
  });
});

describe('markdownToText', () => {
  it('gives the text an email or feed shows, with links spelled out', () => {
    const text = markdownToText('# Update\n\nWe **fixed** it. See [the docs](https://example.com/x).\n\n- one\n- two');

    expect(text).toBe('Update\n\nWe fixed it. See the docs (https://example.com/x).\n\n- one\n- two');
  });

  it('keeps typed HTML as the characters typed, and decodes entities', () => {
    expect(markdownToText('Use <b>x</b> &amp; &lt;y&gt; &#169;')).toBe('Use <b>x</b> & <y> ©');
  });

  it('does not spell out a link it would not render', () => {
    expect(markdownToText('[click](javascript:alert(1))')).toBe('click');
  });

  it('numbers ordered lists and quotes blockquotes', () => {
    expect(markdownToText('3. a\n4. b\n\n> said\n> this')).toBe('3. a\n4. b\n\n> said\n> this');
  });
});
