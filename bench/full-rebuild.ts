// Full rebuild of the site from a table holding N past incidents (default 10,000): wall time and
// peak memory (target ≤ 20 s, ≤ 1 GB), into a folder and into the local S3 bucket; then the
// weight of the index (with its CSS) and of an incident page, gzipped (target: index ≤ 50 KB).
// Run: npm run bench:rebuild   (BENCH_INCIDENTS=10000)
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { s3SiteBucket } from '#adapters/s3/site-bucket';
import { loadConfig } from '#config/config';
import { startDynamoDbLocal } from '#local/dynamodb-local';
import { ensureTable } from '#local/ensure-table';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { localS3ClientConfig, startS3Local } from '#local/s3-local';
import { folderBucket } from '#publisher/folder-bucket';
import { rebuildSite } from '#publisher/publish';
import { loadRenderer } from '#publisher/render/renderer';
import { seedPastIncidents } from './support/seed-incidents';

quietSdkNodeWarning();
const count = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const dir = await mkdtemp(join(tmpdir(), 'herald-bench-rebuild-'));
const db = await startDynamoDbLocal({});
const s3Local = await startS3Local({ dataDir: join(dir, 's3'), buckets: ['site'] });
try {
  const aws = { endpoint: db.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } };
  await ensureTable(new DynamoDBClient(aws), 'herald');
  const table = { doc: createDocumentClient(aws), tableName: 'herald' };
  const seeded = performance.now();
  await seedPastIncidents(table, count);
  console.log(`seeded ${count} incidents (${count * 4} items) in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
  await loadRenderer(); // built once per process, as in a warm Lambda

  const config = loadConfig();
  const base = { store: createDynamoStore(table), config, lock: dynamoPublishLock(table), now: () => new Date().toISOString() };
  const targets = {
    folder: folderBucket(join(dir, 'out')),
    's3 bucket': s3SiteBucket(new S3Client(localS3ClientConfig(s3Local.endpoint)), 'site'),
  };
  for (const [label, bucket] of Object.entries(targets)) {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const result = await rebuildSite({ ...base, bucket });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(
      `full rebuild of ${count} incidents into the ${label}: ${result.files} files in ${seconds.toFixed(1)} s; ` +
        `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (${((peak - before) / 2 ** 20).toFixed(0)} MiB above the ${(before / 2 ** 20).toFixed(0)} MiB before)`,
    );
  }

  const out = join(dir, 'out');
  const gz = async (path: string) => gzipSync(await readFile(join(out, path))).length;
  const css = (await readdir(join(out, 'assets'))).filter((f) => f.endsWith('.css'));
  const js = (await readdir(join(out, 'assets'))).filter((f) => f.endsWith('.js'));
  const incidentDir = (await readdir(join(out, 'incidents')))[0]!;
  const index = await gz('index.html');
  const cssBytes = await gz(`assets/${css[0]}`);
  const jsBytes = await gz(`assets/${js[0]}`);
  const incident = await gz(`incidents/${incidentDir}/index.html`);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `gzipped: index.html ${kb(index)} + CSS ${kb(cssBytes)} + script ${kb(jsBytes)} = ${kb(index + cssBytes + jsBytes)}; ` +
      `an incident page ${kb(incident)}; history landing ${kb(await gz('history/index.html'))}`,
  );
} finally {
  await s3Local.stop();
  await db.stop();
  await rm(dir, { recursive: true, force: true });
}
