// A full rebuild into a bucket uploads only what the bucket does not already hold, and never skips
// a file it should write: real s3rver, real DynamoDB Local, every PUT counted at the S3 client.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { s3SiteBucket } from '#adapters/s3/site-bucket';
import { IncidentSchema } from '#api/schemas';
import { localS3ClientConfig, startS3Local, type S3Local } from '#local/s3-local';
import { folderBucket } from '#publisher/folder-bucket';
import { rebuildSite, type PublisherDeps } from '#publisher/publish';
import { SHORT_CACHE } from '#publisher/render/site-files';
import { MANIFEST_PATH, contentDigest } from '#publisher/stored-files';
import { createTestApi, type TestApi } from '../support/api';

const BUCKET = 'site';
let api: TestApi;
let s3Local: S3Local;
let s3: S3Client;
let dir: string;
let deps: PublisherDeps;
/** The keys of every PutObject the publisher sent since the last reset. */
let puts: string[] = [];
const incidentIds: string[] = [];

const body = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
const sitePuts = () => puts.filter((key) => key !== MANIFEST_PATH).sort();

/** Rewrites the manifest's entry for `path` as if the object had been uploaded as `file` says. */
async function recordInManifest(path: string, file: { contentType: string; cacheControl: string; body: string }): Promise<void> {
  const manifest = JSON.parse(await body(MANIFEST_PATH)) as { files: Record<string, [string, string]> };
  const etag = manifest.files[path]![1];
  manifest.files[path] = [contentDigest({ path, ...file }), etag];
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: MANIFEST_PATH, Body: JSON.stringify(manifest), ContentType: 'application/json' }));
}

beforeAll(async () => {
  api = await createTestApi();
  api.setNow('2026-11-27T12:00:00.000Z');
  dir = await mkdtemp(join(tmpdir(), 'herald-rebuild-uploads-'));
  s3Local = await startS3Local({ dataDir: join(dir, 's3'), buckets: [BUCKET] });
  s3 = new S3Client(localS3ClientConfig(s3Local.endpoint));
  // The publisher's own client, counting its PUTs; the test's `s3` plays everyone else.
  const publisherS3 = new S3Client(localS3ClientConfig(s3Local.endpoint));
  publisherS3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutObjectCommand') puts.push((args.input as { Key: string }).Key);
      return next(args);
    },
    { step: 'initialize' },
  );
  deps = { store: api.deps.store, config: api.deps.config, bucket: s3SiteBucket(publisherS3, BUCKET), lock: dynamoPublishLock(api.table), now: api.deps.now };
  for (const title of ['Checkout is failing', 'Search is slow']) {
    const res = await api.request('POST', '/v1/incidents', { title, severity: 'SEV2', message: 'Looking into it.' });
    incidentIds.push(IncidentSchema.parse(await res.json()).id);
  }
  await rebuildSite(deps);
});

beforeEach(() => {
  puts = [];
});

afterAll(async () => {
  await s3Local?.stop();
  await api?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('a full rebuild into a bucket', () => {
  it('uploads nothing, not even the manifest, into a bucket that already holds the site', async () => {
    const result = await rebuildSite(deps);

    expect(puts).toEqual([]);
    expect(result.files).toBe(0);
  });

  it('uploads the pages whose bytes changed, and only those', async () => {
    await api.request('POST', `/v1/incidents/${incidentIds[0]}/updates`, { status: 'identified', message: 'A bad deploy.' });

    await rebuildSite(deps);

    expect(sitePuts()).toContain(`incidents/${incidentIds[0]}/index.html`);
    expect(sitePuts()).toContain('index.html');
    expect(sitePuts()).not.toContain(`incidents/${incidentIds[1]}/index.html`);
    expect(puts).toContain(MANIFEST_PATH);
    expect(await body(`incidents/${incidentIds[0]}/index.html`)).toContain('A bad deploy.');
  });

  it('uploads a file whose Content-Type changed though its bytes did not', async () => {
    // The bucket holds history.rss as an older Herald wrote it: the same bytes, another type.
    const rss = await body('history.rss');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'history.rss', Body: rss, ContentType: 'text/xml', CacheControl: SHORT_CACHE }));
    await recordInManifest('history.rss', { contentType: 'text/xml', cacheControl: SHORT_CACHE, body: rss });

    await rebuildSite(deps);

    expect(sitePuts()).toEqual(['history.rss']);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'history.rss' }))).ContentType).toBe('application/rss+xml; charset=utf-8');
  });

  it('uploads a file whose Cache-Control changed though its bytes did not', async () => {
    const json = await body('api/v2/status.json');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'api/v2/status.json', Body: json, ContentType: 'application/json', CacheControl: 'max-age=3600' }));
    await recordInManifest('api/v2/status.json', { contentType: 'application/json', cacheControl: 'max-age=3600', body: json });

    await rebuildSite(deps);

    expect(sitePuts()).toEqual(['api/v2/status.json']);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'api/v2/status.json' }))).CacheControl).toBe(SHORT_CACHE);
  });

  it('uploads a file deleted from the bucket behind its back', async () => {
    const path = `incidents/${incidentIds[1]}/index.html`;
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: path }));

    await rebuildSite(deps);

    expect(sitePuts()).toEqual([path]);
    expect(await body(path)).toContain('Search is slow');
  });

  it('uploads a file whose bucket copy was altered out of band, though the manifest still vouches for it', async () => {
    const before = await body('history/index.html');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'history/index.html', Body: 'defaced', ContentType: 'text/html; charset=utf-8', CacheControl: SHORT_CACHE }));

    await rebuildSite(deps);

    expect(sitePuts()).toEqual(['history/index.html']);
    expect(await body('history/index.html')).toBe(before);
  });

  it('uploads everything when the manifest is gone, and leaves the files the site no longer has in place', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: MANIFEST_PATH }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'incidents/INC-20200101-0000/index.html', Body: 'an old page', ContentType: 'text/html; charset=utf-8' }));
    const everything = join(dir, 'everything');
    const all = await rebuildSite({ ...deps, bucket: folderBucket(everything) });

    const result = await rebuildSite(deps);

    expect(result.files).toBe(all.files);
    expect(sitePuts()).toHaveLength(all.files);
    expect(await body('incidents/INC-20200101-0000/index.html')).toBe('an old page');
  });
});
