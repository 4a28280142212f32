// Publish latency: from the API's answer to an update to the updated incident page in the bucket,
// with 1,000, 10,000 and 100,000 past incidents (4 items each) and 1,000 completed maintenance
// windows in the table, on the whole local stack (publisher, mailer and channels on the stream).
// Target (issue 14 §3): median ≤ 250 ms and p95 ≤ 400 ms at every size, largest ÷ smallest
// median ≤ 1.2. Also printed: the same to the index page (written last in the upload order, after
// the feeds and JSON), so that a publish that lands the incident page early and the rest late
// shows as such.
//
// The sizes are measured in turn: every size's stack is started and seeded first, then each round
// updates every size once, in an order that rotates every round, so that a busier minute of the
// shared machine falls on every size alike and the ratio between sizes is not decided by the load.
// Also printed: each size's median ÷ its floor, over the smallest size's.
//
// The floor, measured in the same run and interleaved with Herald's updates: a plain item written
// to the table, a bare consumer on the same stream (a second poller, same poll interval) that puts
// one small object into the bucket, and the same read loop seeing it. That is the stream, the
// bucket and the polling, with none of Herald's reads or rendering.
//
// The history is seeded with the stream switched off (BatchWriteItem, 25 items a call, many calls
// in flight; the rate is printed), so that the consumers are not made to read 400,000 seeded
// records first: the stack starts on an empty table (its deploy-time rebuild writes the empty
// site), and the history goes in before its stream poller starts (LocalStackOptions.beforeStream).
// The bucket therefore lacks the seeded incidents' own pages; a publish never reads the bucket.
//
// Run: npm run bench:publish
//   BENCH_HISTORY=1000,10000,100000  BENCH_MAINTENANCES=1000  BENCH_UPDATES=40  BENCH_WARMUP=5
//   BENCH_SEED_CONCURRENCY=24 (BatchWriteItem calls in flight)
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, UpdateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { startLocalStack, LOCAL_TABLE, type LocalStack } from '#local/local-stack';
import { createStreamPoller } from '#local/stream-poller';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { seedPastIncidents } from './support/seed-incidents';
import { seedPastMaintenances } from './support/seed-maintenances';

quietSdkNodeWarning();
const histories = (process.env.BENCH_HISTORY ?? '1000,10000,100000').split(',').map(Number);
const maintenances = Number(process.env.BENCH_MAINTENANCES ?? 1000);
const updates = Number(process.env.BENCH_UPDATES ?? 40);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const seedConcurrency = Number(process.env.BENCH_SEED_CONCURRENCY ?? 24);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const median = (list: number[]) => percentile([...list].sort((a, b) => a - b), 0.5);
const p95 = (list: number[]) => percentile([...list].sort((a, b) => a - b), 0.95);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const rows: Row[] = [];

interface Row {
  history: number;
  seedRate: number;
  seedSeconds: number;
  median: number;
  p95: number;
  indexMedian: number;
  indexP95: number;
  floorMedian: number;
  floorP95: number;
  load: string;
}

const API_KEY = 'hk_bench_publish_key';
const aws = (endpoint: string) => ({ endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });

/** Switches the table's stream off or on (on again: a new stream, empty of what came before). */
async function setStream(endpoint: string, enabled: boolean): Promise<void> {
  const client = new DynamoDBClient(aws(endpoint));
  try {
    await client.send(
      new UpdateTableCommand({
        TableName: LOCAL_TABLE,
        StreamSpecification: enabled ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : { StreamEnabled: false },
      }),
    );
    const described = await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE }));
    if ((described.Table?.StreamSpecification?.StreamEnabled ?? false) !== enabled) throw new Error(`the stream did not switch ${enabled ? 'on' : 'off'}`);
  } finally {
    client.destroy();
  }
}

async function seedHistory(endpoint: string, history: number): Promise<{ seconds: number; rate: number }> {
  const doc = createDocumentClient(aws(endpoint));
  try {
    await setStream(endpoint, false);
    const table = { doc, tableName: LOCAL_TABLE };
    const incidents = await seedPastIncidents(table, history, Date.now(), { concurrency: seedConcurrency });
    const windows = maintenances > 0 ? await seedPastMaintenances(table, maintenances, { end: Date.now(), updatesEach: 2, concurrency: seedConcurrency }) : { items: 0, seconds: 0, retried: 0 };
    await setStream(endpoint, true);
    const seconds = incidents.seconds + windows.seconds;
    const items = incidents.items + windows.items;
    console.log(
      `  seeded ${history} incidents (${incidents.items} items) and ${maintenances} windows (${windows.items} items) in ${seconds.toFixed(1)} s: ` +
        `${Math.round(items / seconds)} items/s, ${seedConcurrency} BatchWriteItem calls in flight, ${incidents.retried + windows.retried} calls with unprocessed items sent again (load ${load()})`,
    );
    return { seconds, rate: items / seconds };
  } finally {
    doc.destroy();
  }
}

/** One size's stack, ready for rounds: an open incident to update and the floor's consumer. */
interface Size {
  history: number;
  seeded: { seconds: number; rate: number };
  stack: LocalStack;
  dataDir: string;
  id: string;
  doc: ReturnType<typeof createDocumentClient>;
  floorPoller: ReturnType<typeof createStreamPoller>;
  until: (key: string, marker: string, since: number) => Promise<number>;
  herald: number[];
  index: number[];
  floor: number[];
}

async function prepare(history: number, seeded: Size['seeded'], stack: LocalStack, dataDir: string): Promise<Size> {
  const { s3, bucket, tableName } = stack.deps;
  const stackFile = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dataDir, 'stack.json'), 'utf8'))) as { dynamodb_endpoint: string };
  const doc = createDocumentClient(aws(stackFile.dynamodb_endpoint));

  // The floor's consumer: a marker item on the stream -> one small object in the bucket.
  const floorPoller = createStreamPoller({
    dynamodb: aws(stackFile.dynamodb_endpoint),
    tableName,
    checkpointDir: join(dataDir, 'floor-checkpoints'),
    consumers: [
      {
        name: 'floor',
        handler: async (event: DynamoDBStreamEvent) => {
          for (const record of event.Records) {
            const marker = record.dynamodb?.NewImage?.marker?.S;
            if (record.dynamodb?.Keys?.pk?.S !== 'BENCH_FLOOR' || marker === undefined) continue;
            await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bench-floor/index.html', Body: `<p>${marker}</p>`, ContentType: 'text/html; charset=utf-8' }));
          }
          return { batchItemFailures: [] };
        },
      },
    ],
  });
  await floorPoller.start();

  const contains = async (key: string, marker: string) => {
    try {
      const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await res.Body!.transformToString()).includes(marker);
    } catch {
      return false;
    }
  };
  const until = async (key: string, marker: string, since: number) => {
    while (!(await contains(key, marker))) {
      if (performance.now() - since > 30_000) throw new Error(`${key} never showed ${marker}`);
      await sleep(5);
    }
    return performance.now() - since;
  };

  const headers = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };
  const declared = await fetch(`${stack.url}/v1/incidents`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'Bench incident', severity: 'SEV2', message: 'Declared for the benchmark.' }),
  });
  if (declared.status !== 201) throw new Error(`declare: ${declared.status} ${await declared.text()}`);
  const { id } = (await declared.json()) as { id: string };
  await stack.poller.waitForIdle(120_000);
  await floorPoller.waitForIdle(120_000);
  return { history, seeded, stack, dataDir, id, doc, floorPoller, until, herald: [], index: [], floor: [] };
}

/** One update of this size's incident and one floor marker, each timed to its page. */
async function round(size: Size, n: number): Promise<void> {
  const { stack, id, doc, until } = size;
  const headers = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };
  const marker = `progress-marker-${n}-${Date.now()}`;
  const res = await fetch(`${stack.url}/v1/incidents/${id}/updates`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ status: 'investigating', message: `Still looking (${marker}).` }),
  });
  if (res.status !== 201) throw new Error(`update ${n}: ${res.status}`);
  const answered = performance.now();
  const heraldMs = await until(`incidents/${id}/index.html`, marker, answered);
  // The index shows the open incident's latest update: the last page of the publish.
  const indexMs = await until('index.html', marker, answered);
  await stack.poller.waitForIdle(60_000); // the mailer and channels finish too: one change at a time

  const floorMarker = `floor-marker-${n}-${Date.now()}`;
  await doc.send(new PutCommand({ TableName: stack.deps.tableName, Item: { pk: 'BENCH_FLOOR', sk: 'BENCH_FLOOR', marker: floorMarker } }));
  const written = performance.now();
  const floorMs = await until('bench-floor/index.html', floorMarker, written);
  await stack.poller.waitForIdle(60_000);
  if (n >= warmup) {
    size.herald.push(heraldMs);
    size.index.push(indexMs);
    size.floor.push(floorMs);
  }
}

// Every size's stack is started (and seeded) first; then the sizes take turns, one update each a
// round, in an order that rotates every round: a busier minute of the shared machine falls on
// every size alike, so load differences don't decide the ratio between sizes.
const sizes: Size[] = [];
/** The 1-minute load average after each measured round. */
const roundLoads: number[] = [];
try {
  for (const history of histories) {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-publish-'));
    console.log(`history ${history} incidents, ${maintenances} maintenance windows:`);
    // The stack on an empty table (its deploy-time rebuild writes the empty site); the history
    // goes in before its stream poller starts, with the stream switched off.
    let seeded = { seconds: 0, rate: 0 };
    let stack: LocalStack;
    try {
      stack = await startLocalStack({
        port: 0,
        dataDir,
        inMemory: true,
        apiKey: API_KEY,
        beforeStream: async (_deps, endpoint) => {
          seeded = await seedHistory(endpoint, history);
        },
      });
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
    try {
      sizes.push(await prepare(history, seeded, stack, dataDir));
    } catch (error) {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  console.log(`measuring ${warmup} warm-up + ${updates} rounds, the sizes in turn (load ${load()})`);
  for (let n = 0; n < warmup + updates; n++) {
    for (let k = 0; k < sizes.length; k++) await round(sizes[(n + k) % sizes.length]!, n);
    if (n >= warmup) roundLoads.push(loadavg()[0]!);
  }
  for (const size of sizes) {
    if (process.env.BENCH_VERBOSE) console.log(`  ${size.history}: herald`, size.herald.map((l) => l.toFixed(0)).join(' '), '\n    floor ', size.floor.map((l) => l.toFixed(0)).join(' '));
    rows.push({
      history: size.history,
      seedRate: size.seeded.rate,
      seedSeconds: size.seeded.seconds,
      median: median(size.herald),
      p95: p95(size.herald),
      indexMedian: median(size.index),
      indexP95: p95(size.index),
      floorMedian: median(size.floor),
      floorP95: p95(size.floor),
      load: load(),
    });
  }
} finally {
  for (const size of sizes) {
    await size.floorPoller.stop();
    size.doc.destroy();
    await size.stack.stop();
    await rm(size.dataDir, { recursive: true, force: true });
  }
}

const smallest = rows[0]!;
const pad = (s: string, n: number) => s.padStart(n);
console.log(`\npublish latency, API answer -> incident page in the bucket (${updates} updates a size after ${warmup} warm-up, the sizes in turn; ${maintenances} maintenance windows)`);
console.log(
  [pad('incidents', 10), pad('seed items/s', 13), pad('median ms', 10), pad('p95 ms', 8), pad('index med', 10), pad('index p95', 10), pad('floor med', 10), pad('floor p95', 10), pad('÷ floor', 8), pad('÷ smallest', 11), pad('÷ floor ÷ smallest\'s', 22), '  load average (1 5 15) at the end'].join(''),
);
for (const row of rows) {
  console.log(
    [
      pad(String(row.history), 10),
      pad(String(Math.round(row.seedRate)), 13),
      pad(row.median.toFixed(0), 10),
      pad(row.p95.toFixed(0), 8),
      pad(row.indexMedian.toFixed(0), 10),
      pad(row.indexP95.toFixed(0), 10),
      pad(row.floorMedian.toFixed(0), 10),
      pad(row.floorP95.toFixed(0), 10),
      pad((row.median / row.floorMedian).toFixed(2), 8),
      pad((row.median / smallest.median).toFixed(2), 11),
      pad((row.median / row.floorMedian / (smallest.median / smallest.floorMedian)).toFixed(2), 22),
      `  ${row.load}`,
    ].join(''),
  );
}
const sortedLoads = [...roundLoads].sort((a, b) => a - b);
if (sortedLoads.length > 0) {
  console.log(`load average (1 min) over the rounds: min ${sortedLoads[0]!.toFixed(1)}, median ${median(sortedLoads).toFixed(1)}, max ${sortedLoads.at(-1)!.toFixed(1)} (every size measured in each round)`);
}
const largest = rows.reduce((a, b) => (b.history > a.history ? b : a));
const verdict = rows.every((r) => r.median <= 250 && r.p95 <= 400) && largest.median / smallest.median <= 1.2;
console.log(
  `target: median ≤ 250 ms, p95 ≤ 400 ms at every size, largest ÷ smallest median ≤ 1.2 (here ${(largest.median / smallest.median).toFixed(2)}; ` +
    `each ÷ its own floor: ${(largest.median / largest.floorMedian / (smallest.median / smallest.floorMedian)).toFixed(2)}) -> ${verdict ? 'met' : 'NOT met'} (on a shared machine: compare each figure with its floor)`,
);
