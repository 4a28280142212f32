// Local-stack API latency for POST /v1/incidents/{id}/updates with autocannon, 50 connections.
// Two shapes of load: (a) every connection updates its own incident (50 incidents in parallel),
// (b) all 50 connections update one incident (worst-case contention: updates are serialised).
// And the floor, measured in the same run against the same DynamoDB Local: 3-item
// TransactWriteItems (copies of the items one update writes) from as many concurrent callers
// through the same SDK client, no Herald (bench/support/transact-floor.ts), before and after (a).
// Targets (issue 14): (a)'s updates/s ≥ 0.8 × the floor at 50 connections; p50 ≤ 30 ms at 5.
// Run: npm run bench:api   (prints p50, p99 and req/s for each; BENCH_SECONDS, BENCH_CONNECTIONS)
// The machine may be shared: both sides of each ratio are taken minutes apart in one process.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { LOCAL_TABLE, startLocalStack } from '#local/local-stack';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { transactFloor, updateItemsOf, type FloorResult } from './support/transact-floor';

quietSdkNodeWarning();
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
const stack = await startLocalStack({ port: 0, dataDir, inMemory: true, apiKey: 'hk_bench_key_0123456789', consumers: () => [] });
const headers = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };

async function declare(n: number): Promise<string> {
  const res = await fetch(`${stack.url}/v1/incidents`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: `Bench ${n}`, severity: 'SEV2', message: 'Declared for the benchmark.' }),
  });
  return ((await res.json()) as { id: string }).id;
}

async function run(label: string, pathFor: (connection: number) => string, at = connections) {
  let next = 0;
  const result = await autocannon({
    url: stack.url,
    connections: at,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (req, context) => {
          const state = context as { connection?: number };
          state.connection ??= next++;
          return { ...req, path: pathFor(state.connection), body: JSON.stringify({ status: 'investigating', message: 'Still looking.' }) };
        },
      },
    ],
  });
  const ok = result['2xx'];
  console.log(
    `${label}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average.toFixed(0)} req/s ` +
      `(${ok} × 2xx, ${result.non2xx} other, ${result.errors} errors, ${seconds} s, ${at} connections)`,
  );
  return { updatesPerSecond: ok / seconds, p50: result.latency.p50 };
}

const stackInfo = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as { dynamodb_endpoint: string };
const doc = createDocumentClient({ endpoint: stackInfo.dynamodb_endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });
let floorRuns = 0;
async function floor(label: string, template: Awaited<ReturnType<typeof updateItemsOf>>, at = connections, reads = false): Promise<FloorResult> {
  const result = await transactFloor(doc, LOCAL_TABLE, template, { connections: at, seconds, run: String(floorRuns++), reads });
  console.log(
    `${label}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.perSecond.toFixed(0)} tx/s ` +
      `(${result.committed} committed, ${result.failed} failed, ${seconds} s, ${at} callers)`,
  );
  return result;
}

try {
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at the start (shared: others' load is in every figure)`);
  const ids = await Promise.all(Array.from({ length: connections }, (_, n) => declare(n)));
  const template = await updateItemsOf(doc, LOCAL_TABLE, ids[0]!);
  const before = await floor('floor before (a): DynamoDB Local, raw 3-item TransactWriteItems', template);
  const a = await run('(a) one incident per connection', (c) => `/v1/incidents/${ids[c % ids.length]}/updates`);
  const after = await floor('floor after (a)', template);
  const withReads = await floor("floor with Herald's two reads before each (2 × Query + TransactWriteItems)", template, connections, true);
  const hot = await declare(999);
  await run('(b) one incident, all connections', () => `/v1/incidents/${hot}/updates`);
  const few = Math.min(5, connections);
  const quiet = await run(`(c) one incident per connection, ${few} connections`, (c) => `/v1/incidents/${ids[c % ids.length]}/updates`, few);
  await floor(`floor at ${few} callers`, template, few);
  const floorRate = (before.perSecond + after.perSecond) / 2;
  console.log(
    `Herald ÷ floor at ${connections} connections: ${a.updatesPerSecond.toFixed(0)} updates/s ÷ ${floorRate.toFixed(0)} tx/s ` +
      `(mean of before and after) = ${(a.updatesPerSecond / floorRate).toFixed(2)} (target ≥ 0.8); ` +
      `p50 at ${few} connections ${quiet.p50} ms (target ≤ 30 ms)`,
  );
  console.log(
    `Herald ÷ (floor with the same DynamoDB calls an update makes) = ${(a.updatesPerSecond / withReads.perSecond).toFixed(2)}: ` +
      '(near 1: the gap to the raw floor is those two reads; well below 1: Herald\'s own work in Node).',
  );
} finally {
  doc.destroy();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
