// The Lambda bundles hold herald.config.json validated when they were built
// (infra/constructs/bundle-substitutes/config.mjs, written by infra/constructs/bundle-config.ts),
// not zod and the file: loadConfig in a bundle must answer exactly what the source's answers, for
// every PAGE_URL the environment may hold; a config zod refuses must fail the build; and a bundled
// module may not reach parseConfig (which the substitute leaves out) or zod through the config.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type HeraldConfig } from '#config/config';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { REPO_ROOT } from '../../infra/config';
import { validatedConfigText } from '../../infra/constructs/bundle-config';
import { esbuildOptions } from '../../infra/constructs/bundling';

const dir = mkdtempSync(join(tmpdir(), 'herald-bundled-config-'));
let bundled: { loadConfig: (env: Record<string, string | undefined>) => HeraldConfig };

async function bundle(contents: string, outfile: string) {
  const { entryPoints: _entry, ...options } = esbuildOptions('publisher', outfile);
  return build({ ...options, metafile: true, stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'probe.ts' }, logLevel: 'silent' });
}

beforeAll(async () => {
  const outfile = join(dir, 'probe.mjs');
  await bundle("export { loadConfig } from '#config/config';", outfile);
  bundled = await import(pathToFileURL(outfile).href);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the bundles' configuration", () => {
  it.each([
    ['no PAGE_URL', {}],
    ['an empty PAGE_URL', { PAGE_URL: '' }],
    ['a PAGE_URL', { PAGE_URL: 'https://status.example.test' }],
    ['a PAGE_URL with trailing slashes', { PAGE_URL: 'https://status.example.test/path//' }],
  ])('is the source loadConfig answer, with %s', (_name, env: Record<string, string>) => {
    expect(bundled.loadConfig(env)).toStrictEqual(loadConfig(env));
    expect(JSON.stringify(bundled.loadConfig(env))).toBe(JSON.stringify(loadConfig(env)));
  });

  it('is a fresh object on each call, as a parse is', () => {
    const first = bundled.loadConfig({});
    first.page.name = 'changed';
    first.severities.SEV0.first_response_minutes = 1;
    expect(bundled.loadConfig({})).toStrictEqual(loadConfig({}));
  });

  it('carries what zod filled in: defaults and trimmed values', () => {
    const { page, email } = rawConfig;
    const sparse = { page: { id: page.id, name: page.name, url: `${page.url}/` }, email: { from: email.from }, people: { admins: ['  admin@example.com  '] } };
    expect(JSON.parse(validatedConfigText(sparse))).toMatchObject({
      page: { url: page.url, time_zone: 'Etc/UTC', logo_url: null, links: [], colors: { accent: '#2563eb' } },
      severities: loadConfig({}).severities,
      email: { responders: [], configuration_set: 'herald' },
      subscriptions: { rate_limit: { requests: 20, window_seconds: 600 }, confirmations_per_hour: 200 },
      maintenance: { reminder_minutes: 60 },
      people: { admins: ['admin@example.com'] },
      aws: {},
    });
  });

  it('is validated when the bundle is built: a config zod refuses throws there', () => {
    expect(() => validatedConfigText({ ...rawConfig, page: { ...rawConfig.page, url: 'not a url' } })).toThrow();
    expect(() => validatedConfigText({ ...rawConfig, email: {} })).toThrow();
  });

  it('cannot hand a bundled module parseConfig: the build fails', async () => {
    const source = "import { parseConfig } from '#config/config';\nexport const parsed = parseConfig({});";
    await expect(bundle(source, join(dir, 'parse.mjs'))).rejects.toThrow(/No matching export .* "parseConfig"/);
  });

  it('keeps zod out of the publisher and the rebuild', async () => {
    for (const name of ['publisher', 'rebuild'] as const) {
      const { metafile } = await build({ ...esbuildOptions(name, join(dir, `${name}.mjs`)), metafile: true, write: false, logLevel: 'silent' });
      expect(Object.keys(metafile.inputs).filter((path) => /node_modules\/zod\/|bundle-substitutes\/zod/.test(path)), name).toEqual([]);
    }
  }, 60_000);
});
