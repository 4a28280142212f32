// The Lambda bundles replace zod, htmlparser2 and postcss by smaller modules
// (infra/constructs/bundle-substitutes/). Each must do, for Herald, exactly what the package does:
// zod keeps every member but the locales; sanitizing in a bundle gives the very bytes it gives
// unbundled; and a `style` attribute, which the bundles cannot parse, is dropped rather than kept.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as realZod from 'zod';
import { sanitizeContentHtml } from '#content/sanitize';
import { renderMarkdown } from '#content/markdown';
import { REPO_ROOT } from '../../infra/config';
import { BUNDLE_SUBSTITUTES, esbuildOptions } from '../../infra/constructs/bundling';

const SAMPLES = [
  '<p>Plain <strong>bold</strong> &amp; <em>em</em> &lt;tag&gt; &copy; &#x1F600; &notanentity; caf&eacute;</p>',
  '<p style="color:red" class="x" onclick="alert(1)">styled</p><script>alert(1)</script><style>p{}</style>',
  '<a href="javascript:alert(1)">bad</a> <a href="https://example.com/a?b=1&amp;c=2" target="_blank">good</a> <a href="/relative">rel</a>',
  '<ol start="3"><li>one<li>two</ol><pre><code class="language-js other">x &lt; y</code></pre><h1>h1</h1><h3>h3</h3>',
  '<table><tr><td>cell</td></tr></table><img src=x onerror=alert(1)><svg><text>gone</text></svg><textarea>gone</textarea>',
  '<p>unclosed <strong>bold <em>both</p> text after <br/> <hr> <del>old</del> <!-- comment --> <![CDATA[ x ]]>',
];
const MARKDOWN = '## Update\n\nWe are **investigating** [the API](https://example.com) <b>raw</b> & `code`\n\n- one\n- two\n\n```js\nif (a < b) {}\n```\n';

describe('bundle substitutes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-substitutes-'));
  let bundled: {
    sanitizeContentHtml: typeof sanitizeContentHtml;
    renderMarkdown: typeof renderMarkdown;
    sanitizeAllowingStyle: (html: string) => string;
    z: typeof realZod.z;
  };

  beforeAll(async () => {
    const outfile = join(dir, 'probe.mjs');
    const contents = [
      "import sanitizeHtml from 'sanitize-html';",
      "export { sanitizeContentHtml } from '#content/sanitize';",
      "export { renderMarkdown } from '#content/markdown';",
      "export { z } from 'zod';",
      "export const sanitizeAllowingStyle = (html) => sanitizeHtml(html, { allowedTags: ['p'], allowedAttributes: { p: ['style'] }, allowedStyles: { p: { color: [/^red$/] } } });",
    ].join('\n');
    const { entryPoints: _entry, ...options } = esbuildOptions('api', outfile);
    await build({ ...options, stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'probe.ts' }, logLevel: 'silent' });
    bundled = await import(pathToFileURL(outfile).href);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are the ones the bundling options name', () => {
    expect(Object.keys(BUNDLE_SUBSTITUTES).sort()).toEqual([
      // test/handlers/credential-chain.test.ts holds these four to it
      '@aws-sdk/credential-provider-ini',
      '@aws-sdk/credential-provider-process',
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/credential-provider-web-identity',
      'htmlparser2',
      'postcss',
      'zod',
    ]);
  });

  it('leave zod whole but for its locales (z and z.core), and it still validates and speaks English', () => {
    // Also left out: zod's opt-in JIT (z.compile and its helpers) and z.fromJSONSchema, which Herald never calls.
    const leftOut = new Set(['locales', 'compile', 'compileFn', 'withParser', 'INVALID', 'ZodCompileAsyncError', 'ZodCompileUnsupportedError', 'fromJSONSchema']);
    const without = (names: string[]) => names.filter((name) => !leftOut.has(name)).sort();
    expect(Object.keys(bundled.z).sort()).toEqual(without(Object.keys(realZod.z)));
    expect(Object.keys(bundled.z.core).sort()).toEqual(without(Object.keys(realZod.z.core)));
    expect(Object.keys(bundled.z)).not.toContain('locales');
    const schema = bundled.z.object({ url: bundled.z.url(), n: bundled.z.number().int() });
    const real = realZod.z.object({ url: realZod.z.url(), n: realZod.z.number().int() });
    const input = { url: 'not a url', n: 1.5 };
    expect(schema.safeParse(input).error?.issues).toEqual(real.safeParse(input).error?.issues);
  });

  it('sanitize and render Markdown in a bundle to the same bytes as unbundled', () => {
    for (const html of SAMPLES) expect(bundled.sanitizeContentHtml(html), html).toBe(sanitizeContentHtml(html));
    expect(bundled.renderMarkdown(MARKDOWN)).toBe(renderMarkdown(MARKDOWN));
  });

  it('drop a style attribute in a bundle even where one is allowed (no postcss there): closed, not open', () => {
    expect(bundled.sanitizeAllowingStyle('<p style="color:red">x</p>')).toBe('<p>x</p>');
  });
});
