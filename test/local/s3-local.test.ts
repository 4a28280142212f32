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
});
