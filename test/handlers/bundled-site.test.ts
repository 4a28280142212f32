// The whole site, rendered by the Lambda bundles `cdk deploy` uploads, is the site the source
// renders: byte for byte, with the same Content-Type and Cache-Control, for every file. The
// bundles replace modules by smaller ones (infra/constructs/bundle-substitutes/, the prevalidated
// config) and carry the precompiled renderer; a replacement that is reached at run time and does
// less than what it replaces, or a renderer that renders differently bundled, shows here.
// Both ways a bundle renders everything: the rebuild function (the deployment trigger's empty
// payload) and the publisher (a stream batch holding a site_rebuild request). Each bundle runs in
// a fresh Node process against DynamoDB Local and s3rver; its clock is the test's (a `new Date()`
// without arguments answers NOW there; Date.now, which request signing reads, is left alone).
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '#adapters/dynamodb/items';
import { keys } from '#adapters/dynamodb/keys';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { loadConfig } from '#config/config';
import { isOpenStatus } from '#core/incident-lifecycle';
import type { IncidentWithUpdates } from '#core/model';
import { rebuildSiteStreamed } from '#publisher/rebuild-streamed';
import type { SiteFile } from '#publisher/render/site-files';
import { MANIFEST_PATH, contentDigest } from '#publisher/stored-files';
import { localS3ClientConfig, startS3Local, type S3Local } from '../../functions/local/s3-local';
import { esbuildOptions, type HandlerName } from '../../infra/constructs/bundling';
import { NOW, aComponent, aLongHistory, aMaintenance } from '../fixtures/site/builders.ts';
import { createTestApi, type TestApi } from '../support/api';
import { invokeBundled } from '../support/bundled-handler';

const PAGE_URL = 'https://status.example.test/';
const BUCKETS = { rebuild: 'herald-bundled-rebuild', publisher: 'herald-bundled-publisher' } as const;
const SITE_REBUILD_BATCH = {
  Records: [
    {
      eventID: 'event-1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        SequenceNumber: '100',
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        Keys: { pk: { S: 'SITE' }, sk: { S: 'REBUILD' } },
        NewImage: { pk: { S: 'SITE' }, sk: { S: 'REBUILD' }, type: { S: 'site_rebuild' } },
      },
    },
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'herald-bundled-site-'));
const s3Dir = mkdtempSync(join(tmpdir(), 'herald-bundled-site-s3-'));
let api: TestApi;
let s3: S3Local;
let client: S3Client;
let expected: SiteFile[];

async function writeIncidents(incidents: IncidentWithUpdates[]): Promise<void> {
  const items = incidents.flatMap(({ updates, ...incident }) => [
    toItem('incident', { ...keys.incident(incident.id), ...keys.incidentsByState(isOpenStatus(incident.status) ? 'open' : 'resolved', incident.created_at, incident.id) }, incident),
    ...updates.map((u) => toItem('incident_update', keys.incidentUpdate(incident.id, u.seq), u)),
  ]);
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, unknown>[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests !== undefined && requests.length > 0) {
      const answer = await api.table.doc.send(new BatchWriteCommand({ RequestItems: { [api.tableName]: requests } }));
      requests = answer.UnprocessedItems?.[api.tableName] as Record<string, unknown>[] | undefined;
    }
  }
}

async function seed(): Promise<void> {
  api.setNow(NOW);
  for (const component of [aComponent({ id: 'cmp-api', name: 'API' }), aComponent({ id: 'cmp-web', name: 'Website', status: 'degraded_performance' })]) {
    await api.deps.store.components.create(component);
  }
  await writeIncidents(aLongHistory(120).map((incident, n) => (n % 5 === 0 ? { ...incident, component_ids: ['cmp-api'] } : incident)));
  for (const window of [
    aMaintenance({ id: 'MNT-done', status: 'completed', scheduled_for: '2025-10-04T02:00:00.000Z', scheduled_until: '2025-10-04T03:00:00.000Z' }),
    aMaintenance({ id: 'MNT-next' }),
  ]) {
    const { updates, ...maintenance } = window;
    await api.deps.store.maintenances.create(maintenance, updates[0]!);
  }
  // Markdown (sanitized HTML, links, lists, code, entities) in an incident declared through the API.
  api.setNow('2025-11-27T11:00:00.000Z');
  const message = 'We are **investigating** [errors](https://example.com/a?b=1&c=2) on `checkout` <script>alert(1)</script> & caf\u00e9:\n\n- one\n- two\n\n```js\nif (a < b) {}\n```';
  const declared = await api.request('POST', '/v1/incidents', { title: 'Checkout <is> failing \u2014 "again"', severity: 'SEV1', message });
  expect(declared.status).toBe(201);
  api.setNow(NOW);
}

beforeAll(async () => {
  [api, s3] = await Promise.all([createTestApi(), startS3Local({ port: 0, dataDir: s3Dir, buckets: Object.values(BUCKETS) })]);
  await Promise.all([
    seed(),
    ...(['rebuild', 'publisher'] as const).map((name) => build({ ...esbuildOptions(name, join(dir, name, 'index.mjs')), logLevel: 'silent' })),
  ]);
  client = new S3Client(localS3ClientConfig(s3.endpoint));
  // The source's render: the config a bundle loads (PAGE_URL from its environment), the same clock.
  const puts: SiteFile[] = [];
  const bucket = { put: async (file: SiteFile) => void puts.push(file) };
  await rebuildSiteStreamed({ store: api.deps.store, config: loadConfig({ PAGE_URL }), bucket, lock: dynamoPublishLock(api.table), now: () => NOW });
  expected = puts;
}, 180_000);

afterAll(async () => {
  client?.destroy();
  await Promise.all([api?.drop(), s3?.stop()]);
  for (const path of [dir, s3Dir]) rmSync(path, { recursive: true, force: true });
});

const invoke = (name: HandlerName, bucket: string, event: unknown): Promise<unknown> =>
  invokeBundled({
    bundle: join(dir, name, 'index.mjs'),
    event,
    name: `herald-${name}`,
    now: NOW,
    timeoutMs: 120_000,
    endpoints: { dynamodb: api.endpoint, s3: s3.endpoint },
    env: { TABLE_NAME: api.tableName, SITE_BUCKET: bucket, PAGE_URL },
  });

/** Every object in the bucket: its bytes and the headers a reader gets. */
async function stored(bucket: string): Promise<Map<string, { body: Buffer; contentType: string | undefined; cacheControl: string | undefined }>> {
  const files = new Map<string, { body: Buffer; contentType: string | undefined; cacheControl: string | undefined }>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
      files.set(Key!, { body: Buffer.from(await object.Body!.transformToByteArray()), contentType: object.ContentType, cacheControl: object.CacheControl });
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return files;
}

/** The site in the bucket is the reference, and the rebuild's manifest names each file by its digest. */
function expectTheSourceSite(files: Awaited<ReturnType<typeof stored>>): void {
  const manifest = files.get(MANIFEST_PATH);
  files.delete(MANIFEST_PATH);
  expect([...files.keys()].sort()).toEqual(expected.map((f) => f.path).sort());
  for (const file of expected) {
    const got = files.get(file.path)!;
    expect(got.body.equals(Buffer.from(file.body)), `${file.path}: bytes`).toBe(true);
    expect([got.contentType, got.cacheControl], file.path).toEqual([file.contentType, file.cacheControl]);
  }
  const named = (JSON.parse(manifest!.body.toString('utf8')) as { files: Record<string, [string, string]> }).files;
  expect(Object.fromEntries(Object.entries(named).map(([path, [digest]]) => [path, digest]))).toEqual(
    Object.fromEntries(expected.map((file) => [file.path, contentDigest(file)])),
  );
}

describe('the site the bundles render', () => {
  it('holds what the reference needs to show the bundles at work', () => {
    const page = (path: string) => String(expected.find((f) => f.path === path)?.body ?? '');
    expect(expected.length).toBeGreaterThan(100);
    expect(page('index.html')).toContain('<strong>investigating</strong>');
    expect(page('index.html')).not.toContain('<script>alert');
    expect(page('index.html')).toContain('https://status.example.test/');
    expect(page('api/v2/summary.json')).toContain('"url":"https://status.example.test"');
  });

  it('from the rebuild bundle (the deployment trigger) is the source render, file for file', async () => {
    expect(await invoke('rebuild', BUCKETS.rebuild, {})).toEqual({ PhysicalResourceId: 'herald-site-rebuild', Data: { files: expected.length } });
    expectTheSourceSite(await stored(BUCKETS.rebuild));
  }, 180_000);

  it('from the publisher bundle (a site_rebuild request on the stream) is the source render, file for file', async () => {
    expect(await invoke('publisher', BUCKETS.publisher, SITE_REBUILD_BATCH)).toEqual({ batchItemFailures: [] });
    expectTheSourceSite(await stored(BUCKETS.publisher));
  }, 180_000);
});
