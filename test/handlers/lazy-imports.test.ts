// What a Lambda cold start evaluates: each handler bundled as `cdk deploy` bundles it
// (infra/constructs/bundling.ts), and esbuild's metafile read for the modules the entry reaches by
// static imports alone. Those are evaluated when Lambda imports the bundle; what only some events
// or routes need is reached through a dynamic import(), kept in the same file but evaluated on
// first use (bench:bundle times both). A heavy module imported eagerly again fails here, and the
// deferred part is loaded from the bundle itself, so a lazy path that no longer bundles fails too.
import { build, type Metafile } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/config';
import { esbuildOptions, type HandlerName } from '../../infra/constructs/bundling';

const dir = mkdtempSync(join(tmpdir(), 'herald-lazy-imports-'));
const metafiles = new Map<HandlerName, Metafile>();

async function bundle(name: HandlerName): Promise<void> {
  const { metafile } = await build({ ...esbuildOptions(name, join(dir, `${name}.mjs`)), metafile: true, logLevel: 'silent' });
  metafiles.set(name, metafile);
}

/** Every module the entry reaches through static imports (and require() calls): evaluated at import. */
function eagerModules(name: HandlerName): Set<string> {
  const { inputs } = metafiles.get(name)!;
  const entry = `functions/handlers/${name}.ts`;
  expect(inputs[entry], `${entry} in the metafile`).toBeDefined();
  const seen = new Set([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    for (const imported of inputs[queue.shift()!]?.imports ?? []) {
      if (imported.external || (imported.kind !== 'import-statement' && imported.kind !== 'require-call')) continue;
      if (!seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return seen;
}

function bundled(name: HandlerName): string[] {
  return Object.keys(metafiles.get(name)!.inputs);
}

const matching = (modules: Iterable<string>, pattern: RegExp) => [...modules].filter((path) => pattern.test(path));

/** Loaded only by the first event that changes the site, and by a full rebuild. */
const PUBLISH = /^functions\/publisher\/(stream-handler|publish|render\/|feeds\/|calendar\/|statuspage\/)|^functions\/content\/markdown\.ts$|node_modules\/(marked|sanitize-html|entities|htmlparser2)\/|^dist\/renderer\//;
/** The console's screens, and what only they (and a few /v1 routes) use. */
const CONSOLE = /^functions\/console\/|node_modules\/(marked|sanitize-html|csv-parse)\//;

beforeAll(async () => {
  // The publisher bundles the precompiled renderer; a fresh clone builds it first (as cdk synth does).
  execFileSync(process.execPath, [join(REPO_ROOT, 'site/scripts/build-renderer.mjs'), '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await Promise.all((['publisher', 'api'] as const).map(bundle));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pure data helpers (months, open incidents) that site-changes.ts reads to tell a batch's pages. */
const PUBLISH_DATA_HELPERS = new Set(['functions/publisher/render/site-data.ts']);

describe('publisher cold start', () => {
  it('does not evaluate the publish, Markdown or the renderer', () => {
    expect(matching(eagerModules('publisher'), PUBLISH).filter((path) => !PUBLISH_DATA_HELPERS.has(path))).toEqual([]);
  });

  it('still bundles them, behind the dynamic import', () => {
    const inBundle = bundled('publisher');
    for (const path of ['functions/publisher/stream-handler.ts', 'functions/publisher/publish.ts', 'functions/content/markdown.ts', 'dist/renderer/entry.mjs']) {
      expect(inBundle).toContain(path);
    }
  });

  it('answers a batch without site changes from the records alone, and loads the publish from the bundle', () => {
    const script = `
      const { handler, loadPublisher } = await import(process.argv[1]);
      const mail = { eventName: 'INSERT', dynamodb: { SequenceNumber: '7', NewImage: { type: { S: 'notification' }, pk: { S: 'NOTIFICATION#n1' }, sk: { S: 'META' } } } };
      const answer = await handler({ Records: [mail] });
      const publish = await loadPublisher();
      console.log(JSON.stringify({ answer, publish: typeof publish, same: publish === (await loadPublisher()) }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, join(dir, 'publisher.mjs')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_NO_WARNINGS: '1',
        AWS_REGION: 'us-east-1',
        TABLE_NAME: 'lazy-imports-test',
        SITE_BUCKET: 'lazy-imports-test',
        PAGE_URL: 'https://status.example.com',
      },
    });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ answer: { batchItemFailures: [] }, publish: 'function', same: true });
  });
});

describe('api cold start', () => {
  it('does not evaluate the console or its Markdown and CSV parsers', () => {
    expect(matching(eagerModules('api'), CONSOLE)).toEqual([]);
    expect(bundled('api')).toContain('functions/console/app.ts');
  });

  it('does not evaluate the route sets, their schemas or their use cases (functions/api/lazy-routes.ts)', () => {
    expect(matching(eagerModules('api'), /^functions\/api\/(routes\/|schemas\.ts$)|^functions\/app\/(incidents|components|maintenances|imports)\//)).toEqual([]);
    for (const path of ['functions/api/routes/incidents.ts', 'functions/api/routes/subscriptions.ts', 'functions/api/schemas.ts']) expect(bundled('api')).toContain(path);
  });
});

describe('every cold start', () => {
  it('evaluates the precompiled renderer only when a page is rendered', () => {
    for (const name of ['publisher', 'api'] as const) expect(matching(eagerModules(name), /^dist\/renderer\//)).toEqual([]);
  });
});
