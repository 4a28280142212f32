// The publisher bundle loads its publish on the first batch that changes the site
// (functions/handlers/publisher.ts). Through the bundle `cdk deploy` uploads, built outside the
// repository and invoked by a fresh Node process against DynamoDB Local and s3rver: a batch
// without site changes writes nothing, and a batch with one (a site_rebuild request) writes the
// whole site, so the deferred part is there and wired to the same table and bucket.
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/constructs/bundling';
import { localS3ClientConfig, startS3Local, type S3Local } from '../../functions/local/s3-local';
import { invokeBundled } from '../support/bundled-handler';
import { createTestTable, type TestTable } from '../support/dynamodb';

const SITE_BUCKET = 'herald-publisher-bundle';

/** One stream record, as DynamoDB Streams delivers it, for an item of `type`. */
const record = (sequence: string, type: string, keys: Record<string, string>) => ({
  eventID: `event-${sequence}`,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  dynamodb: {
    SequenceNumber: sequence,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
    Keys: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, { S: v }])),
    NewImage: { type: { S: type }, ...Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, { S: v }])) },
  },
});

const dir = mkdtempSync(join(tmpdir(), 'herald-publisher-bundle-'));
const s3Dir = mkdtempSync(join(tmpdir(), 'herald-publisher-bundle-s3-'));
const bundleFile = join(dir, 'index.mjs');
let table: TestTable;
let s3: S3Local;
let client: S3Client;

beforeAll(async () => {
  [table, s3] = await Promise.all([
    createTestTable(),
    startS3Local({ port: 0, dataDir: s3Dir, buckets: [SITE_BUCKET] }),
    build({ ...esbuildOptions('publisher', bundleFile), logLevel: 'silent' }),
  ]);
  client = new S3Client(localS3ClientConfig(s3.endpoint));
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await Promise.all([table?.drop(), s3?.stop()]);
  for (const path of [dir, s3Dir]) rmSync(path, { recursive: true, force: true });
});

const invoke = (event: unknown): Promise<unknown> =>
  invokeBundled({
    bundle: bundleFile,
    event,
    name: 'herald-publisher',
    endpoints: { dynamodb: table.endpoint, s3: s3.endpoint },
    env: { TABLE_NAME: table.tableName, SITE_BUCKET, PAGE_URL: 'https://status.example.test' },
  });

const stored = async () => (await client.send(new ListObjectsV2Command({ Bucket: SITE_BUCKET }))).KeyCount ?? 0;

describe('the publisher bundle', () => {
  it('answers a batch without site changes and writes nothing', async () => {
    const batch = { Records: [record('100', 'notification', { pk: 'NOTIFICATION#n1', sk: 'META' }), record('101', 'subscriber', { pk: 'SUBSCRIBER#s1', sk: 'META' })] };
    expect(await invoke(batch)).toEqual({ batchItemFailures: [] });
    expect(await stored()).toBe(0);
  });

  it('loads its publish on a batch that changes the site, and writes the site', async () => {
    const batch = { Records: [record('200', 'notification', { pk: 'NOTIFICATION#n2', sk: 'META' }), record('201', 'site_rebuild', { pk: 'SITE', sk: 'REBUILD' })] };
    expect(await invoke(batch)).toEqual({ batchItemFailures: [] });
    const found = await Promise.all(
      ['index.html', 'api/v2/summary.json', 'history.rss'].map((key) =>
        client.send(new HeadObjectCommand({ Bucket: SITE_BUCKET, Key: key })).then(() => key, () => `missing ${key}`),
      ),
    );
    expect(found).toEqual(['index.html', 'api/v2/summary.json', 'history.rss']);
  });
});
