// The Lambda bundles leave the SDK's event-stream codec out (`@smithy/core/event-streams` is
// infra/constructs/bundle-substitutes/smithy-event-streams.mjs): stand-ins that throw. That holds
// only while Herald calls no operation with an event stream, so: no source under functions/ names
// one of the operations that have one, in any AWS client Herald depends on; a bundled S3 client is
// still created and still puts and gets; and an event stream reached in a bundle fails loudly,
// naming the stand-in, instead of doing something else.
import { build, type Metafile } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/config';
import { esbuildOptions } from '../../infra/constructs/bundling';

const require = createRequire(join(REPO_ROOT, 'package.json'));
const { NormalizedSchema } = require('@smithy/core/schema') as typeof import('@smithy/core/schema');

type Schema = Parameters<typeof NormalizedSchema.of>[0];

/** Each client's commands whose input or output has an event stream member (as the SDK decides it). */
function eventStreamCommands(pkg: string): string[] {
  const client = require(pkg) as Record<string, unknown>;
  return Object.entries(client).flatMap(([name, value]) => {
    if (!name.endsWith('Command') || typeof value !== 'function') return [];
    const op = (new (value as new (input: object) => { schema: unknown })({}).schema ?? []) as Schema[] & { input?: Schema; output?: Schema };
    const [input, output] = [op[4] ?? op.input, op[5] ?? op.output];
    return NormalizedSchema.of(input!).getEventStreamMember() || NormalizedSchema.of(output!).getEventStreamMember() ? [name] : [];
  });
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

const dir = mkdtempSync(join(tmpdir(), 'herald-event-streams-'));
let server: Server;
let endpoint: string;
let metafile: Metafile;
let probe: { run(endpoint: string): Promise<{ put: string; get: string; select: { name: string; message: string } }> };

beforeAll(async () => {
  // A plain S3 stand-in on loopback: every request answered 200, a GET with a body.
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('etag', '"abc"');
      response.setHeader('content-type', 'text/plain');
      response.end(request.method === 'GET' ? 'hello' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const contents = [
    "import { GetObjectCommand, PutObjectCommand, S3Client, SelectObjectContentCommand } from '@aws-sdk/client-s3';",
    'export async function run(endpoint) {',
    "  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });",
    "  const put = await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'hello' }));",
    "  const get = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));",
    "  const select = await s3.send(new SelectObjectContentCommand({ Bucket: 'b', Key: 'k', Expression: 'select * from s3object', ExpressionType: 'SQL', InputSerialization: { CSV: {} }, OutputSerialization: { CSV: {} } })).then(() => ({ name: 'none', message: '' }), (error) => ({ name: error.name, message: error.message }));",
    '  s3.destroy();',
    '  return { put: put.ETag, get: await get.Body.transformToString(), select };',
    '}',
  ].join('\n');
  const outfile = join(dir, 'probe.mjs');
  const { entryPoints: _entry, ...options } = esbuildOptions('publisher', outfile);
  ({ metafile } = await build({ ...options, metafile: true, stdin: { contents, resolveDir: REPO_ROOT, loader: 'js', sourcefile: 'probe.mjs' }, logLevel: 'silent' }));
  probe = await import(pathToFileURL(outfile).href);
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('event streams, left out of the bundles', () => {
  const clients = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies).filter((name) =>
    name.startsWith('@aws-sdk/client-'),
  );

  it('are in no operation Herald calls: no source under functions/ names one', () => {
    const operations = clients.flatMap(eventStreamCommands).map((command) => command.replace(/Command$/, ''));
    // The check finds them where they are (S3 has one); DynamoDB, SES and Secrets Manager have none.
    expect(operations).toContain('SelectObjectContent');
    const naming = sources(join(REPO_ROOT, 'functions')).filter((file) => operations.some((operation) => readFileSync(file, 'utf8').includes(operation)));
    expect(naming.map((file) => relative(REPO_ROOT, file))).toEqual([]);
  });

  it('leave a bundled S3 client working: created, it puts and gets', async () => {
    const { put, get } = await probe.run(endpoint);
    expect({ put, get }).toEqual({ put: '"abc"', get: 'hello' });
  });

  it('fail loudly in a bundle, naming the stand-in, if one is ever reached', async () => {
    const { select } = await probe.run(endpoint);
    expect(select).toEqual({ name: 'EventStreamsLeftOutError', message: expect.stringContaining('bundle-substitutes/smithy-event-streams.mjs') });
  });

  it("keep the SDK's codec out of the bundle", () => {
    const codec = Object.keys(metafile.inputs).filter((path) => path.includes('@smithy/core/dist-es/submodules/event-streams/') && !path.includes('EventStreamSerdeConfig'));
    expect(codec).toEqual([]);
  });
});
