// The S3 site bucket's view of what it holds, against the local stand-in (s3rver): a listing past
// one page (S3 answers at most 1,000 keys a call) with the ETags its puts answered, and reads.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3SiteBucket } from '#adapters/s3/site-bucket';
import { localS3ClientConfig, startS3Local, type S3Local } from '#local/s3-local';
import { mapWithConcurrency } from '#adapters/dynamodb/map-with-concurrency';
import type { SiteBucket } from '#publisher/ports';

let s3Local: S3Local;
let dir: string;
let bucket: SiteBucket;

const aFile = (path: string, body = `<p>${path}</p>`) => ({ path, body, contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-site-bucket-'));
  s3Local = await startS3Local({ dataDir: join(dir, 's3'), buckets: ['site'] });
  bucket = s3SiteBucket(new S3Client(localS3ClientConfig(s3Local.endpoint)), 'site');
});

afterAll(async () => {
  await s3Local?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('s3SiteBucket', () => {
  it('lists every object past the first page of 1,000, each with the ETag its put answered', async () => {
    const paths = Array.from({ length: 1_005 }, (_, i) => `incidents/INC-${String(i).padStart(4, '0')}/index.html`);
    const receipts = await mapWithConcurrency(paths, 16, (path) => bucket.put(aFile(path)));

    const listed = await bucket.contents!.list();

    expect(listed.size).toBe(paths.length);
    paths.forEach((path, i) => expect(listed.get(path), path).toBe((receipts[i] as { etag: string }).etag));
  });

  it('reads an object’s bytes, and null for a key it does not hold', async () => {
    await bucket.put(aFile('_herald/note.json', '{"a":1}'));

    expect(Buffer.from((await bucket.contents!.read('_herald/note.json'))!).toString('utf8')).toBe('{"a":1}');
    expect(await bucket.contents!.read('_herald/missing.json')).toBeNull();
  });
});
