import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localS3ClientConfig, startS3Local } from '#local/s3-local';

describe('s3-local', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'herald-s3-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the buckets and keeps objects in dataDir across a restart', async () => {
    // Prepare
    const first = await startS3Local({ dataDir, buckets: ['site'] });
    const writer = new S3Client(localS3ClientConfig(first.endpoint));
    await writer.send(
      new PutObjectCommand({ Bucket: 'site', Key: 'index.html', Body: '<h1>ok</h1>', ContentType: 'text/html' }),
    );
    writer.destroy();
    await first.stop();

    // Act
    const second = await startS3Local({ dataDir, buckets: ['site'] });
    const reader = new S3Client(localS3ClientConfig(second.endpoint));
    const object = await reader.send(new GetObjectCommand({ Bucket: 'site', Key: 'index.html' }));
    const body = await object.Body?.transformToString();
    reader.destroy();
    await second.stop();

    // Assess
    expect(body).toBe('<h1>ok</h1>');
    expect(object.ContentType).toBe('text/html');
  });

  it('never lets a reader see half of an object that is being replaced', async () => {
    // Prepare
    const s3Local = await startS3Local({ dataDir, buckets: ['site'] });
    const client = new S3Client(localS3ClientConfig(s3Local.endpoint));
    const versions = ['a', 'b'].map((letter) => `<html>${letter.repeat(512 * 1024)}</html>`);
    await client.send(new PutObjectCommand({ Bucket: 'site', Key: 'page.html', Body: versions[0] }));
    try {
      // Act: replace the page over and over while reading it over and over
      let writing = true;
      const writer = (async () => {
        for (let n = 1; n <= 30; n++) {
          await client.send(new PutObjectCommand({ Bucket: 'site', Key: 'page.html', Body: versions[n % 2] }));
        }
        writing = false;
      })();
      const seen: string[] = [];
      while (writing) {
        const res = await client.send(new GetObjectCommand({ Bucket: 'site', Key: 'page.html' }), { abortSignal: AbortSignal.timeout(3000) });
        seen.push(await res.Body!.transformToString());
      }
      await writer;

      // Assess: every read is one whole version
      expect(seen.length).toBeGreaterThan(0);
      for (const body of seen) expect(versions).toContain(body);
    } finally {
      client.destroy();
      await s3Local.stop();
    }
  });
});
