// One measurement of bench/full-rebuild.ts in a process of its own, so that its peak RSS is its
// own: `floors` (read, render, write; see rebuild-floors.ts) or `herald` (the rebuild Lambda's
// rebuildSiteStreamed, or with BENCH_REBUILD=loaded the rebuild as it was, every incident read first,
// into a folder or the
// local S3 bucket). Prints one JSON line. The parent passes the table, the bucket, the output
// folder and the clock in BENCH_* variables.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { s3SiteBucket } from '#adapters/s3/site-bucket';
import { loadConfig } from '#config/config';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { localS3ClientConfig } from '#local/s3-local';
import { folderBucket } from '#publisher/folder-bucket';
import { loadAllSiteData } from '#publisher/load-site-data';
import type { PublisherDeps, PublishResult } from '#publisher/publish';
import { rebuildSiteStreamed } from '#publisher/rebuild-streamed';
import { loadRenderer } from '#publisher/render/renderer';
import { fenced, underSiteLock } from '#publisher/site-lock';
import { StoredFiles } from '#publisher/stored-files';
import { writeRebuild } from '#publisher/write-rebuild';
import { queryFloor, renderFloor, scanFloor, writeFloor } from './rebuild-floors';

quietSdkNodeWarning();

/** The full rebuild before it streamed (the comparison BENCH_REBUILD=loaded measures): every
 *  incident read first, then the same writing as rebuildSiteStreamed's. */
function rebuildSiteLoaded(deps: PublisherDeps): Promise<PublishResult> {
  return underSiteLock(deps.lock, 'rebuild', async (tenure) => {
    const { contents } = deps.bucket;
    const [data, stored] = await Promise.all([
      loadAllSiteData(deps, deps.now()),
      contents === undefined ? undefined : StoredFiles.read(contents),
    ]);
    const target = { bucket: fenced(deps.bucket, tenure), stored, written: deps.written, unbroken: tenure.unbroken };
    return { files: await writeRebuild(target, data), full: true };
  });
}
const env = (name: string) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const mode = process.argv[2];
const now = env('BENCH_NOW');
const aws = { endpoint: env('BENCH_DDB_ENDPOINT'), region: localAwsRegion, credentials: { ...localAwsCredentials } };
const table = { doc: createDocumentClient(aws), tableName: env('BENCH_TABLE') };
const config = loadConfig();
const seconds = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};
const peakMb = () => process.resourceUsage().maxRSS / 1024;

await loadRenderer(); // built once per process, as in a warm Lambda
// Both kinds of process start the same way: the SDK's first call (credentials, connections) is
// made before anything is timed.
await new DynamoDBClient(aws).send(new DescribeTableCommand({ TableName: table.tableName }));

if (mode === 'floors') {
  const reads: Record<string, number> = {};
  let items = 0;
  for (const segments of [4, 8, 16]) reads[`scan ${segments} segments`] = await seconds(async () => (items = await scanFloor(table, segments)));
  for (const concurrency of [16, 64]) reads[`queries ${concurrency} in flight`] = await seconds(() => queryFloor(table, concurrency));
  const data = await loadAllSiteData({ store: createDynamoStore(table), config }, now);
  let files: Awaited<ReturnType<typeof renderFloor>> = [];
  const render = await seconds(async () => (files = await renderFloor(data)));
  const write = await seconds(() => writeFloor(env('BENCH_OUT'), files, 32));
  console.log(JSON.stringify({ reads, items, render, write, files: files.length, peakMb: peakMb() }));
} else if (mode === 'herald') {
  let puts = 0;
  const target = env('BENCH_TARGET');
  let bucket;
  if (target === 'folder') bucket = folderBucket(env('BENCH_OUT'));
  else {
    const s3 = new S3Client(localS3ClientConfig(env('BENCH_S3_ENDPOINT')));
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand') puts++;
        return next(args);
      },
      { step: 'initialize' },
    );
    bucket = s3SiteBucket(s3, env('BENCH_S3_BUCKET'));
  }
  const deps = { store: createDynamoStore(table), config, lock: dynamoPublishLock(table), now: () => now, bucket };
  let files = 0;
  // The rebuild Lambda's (streamed); BENCH_REBUILD=loaded: every incident read first.
  const rebuild = process.env.BENCH_REBUILD === 'loaded' ? rebuildSiteLoaded : rebuildSiteStreamed;
  const time = await seconds(async () => ({ files } = await rebuild(deps)));
  const { user, system } = process.cpuUsage();
  console.log(JSON.stringify({ seconds: time, files, puts, peakMb: peakMb(), cpuSeconds: (user + system) / 1e6 }));
} else {
  throw new Error(`Unknown mode ${mode}: floors or herald`);
}
