// Local-stack API latency for POST /v1/incidents/{id}/updates with autocannon, 50 connections.
// Two shapes of load: (a) every connection updates its own incident (50 incidents in parallel),
// (b) all 50 connections update one incident (worst-case contention: updates are serialised).
// And the floor, measured in the same run against the same DynamoDB Local: 3-item
// TransactWriteItems (copies of the items one update writes) from as many concurrent callers
// through the same SDK client, no Herald (bench/support/transact-floor.ts), before and after (a).
// During (a) it counts the API's calls on its repositories: in steady state an update is one
// TransactWriteItems (it starts from the copy of the incident it saved last and lists no
// components when it names none: functions/app/incidents/recent-incidents.ts).
// Targets (issue 14): (a)'s updates/s ≥ 0.8 × the floor at 50 connections; p50 ≤ 30 ms at 5.
// Run: npm run bench:api   (prints p50, p99 and req/s for each; BENCH_SECONDS, BENCH_CONNECTIONS;
// BENCH_PROFILE=1 adds each repository method's calls and mean time during (a))
// The machine may be shared: both sides of each ratio are taken minutes apart in one process.
// autocannon sends from a worker thread (bench/support/update-request.cjs picks each connection's path).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { LOCAL_TABLE, startLocalStack } from '#local/local-stack';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { profileRepositories } from './support/profile-repositories';
import { transactFloor, updateItemsOf, type FloorResult } from './support/transact-floor';

quietSdkNodeWarning();
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
const stack = await startLocalStack({ port: 0, dataDir, inMemory: true, apiKey: 'hk_bench_key_0123456789', consumers: () => [] });
// The API's calls on the repositories an update may use, counted during (a); with
// BENCH_PROFILE=1 also timed (bench/support/profile-repositories.ts).
const store = stack.deps.app.store;
const repositories = { incidents: store.incidents, components: store.components, apiKeys: store.apiKeys, idempotency: store.idempotency };
const profile = process.env.BENCH_PROFILE === '1' ? profileRepositories(repositories) : null;
const calls = new Map<string, number>();
for (const [name, repository] of Object.entries(repositories)) {
  const methods = repository as unknown as Record<string, unknown>;
  for (const [method, fn] of Object.entries(methods)) {
    if (typeof fn !== 'function') continue;
    methods[method] = (...args: unknown[]) => {
      calls.set(`${name}.${method}`, (calls.get(`${name}.${method}`) ?? 0) + 1);
      return (fn as (...a: unknown[]) => unknown).apply(repository, args);
    };
  }
}
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
  // The load generator runs in a worker thread (autocannon's workers mode): a client never shares
  // the server's event loop, and the floor has none. The worker reads the paths from the environment.
  process.env.HERALD_BENCH_PATHS = JSON.stringify(Array.from({ length: at }, (_, c) => pathFor(c)));
  const result = await autocannon({
    url: stack.url,
    connections: at,
    duration: seconds,
    workers: 1,
    requests: [
      {
        method: 'POST',
        headers,
        body: JSON.stringify({ status: 'investigating', message: 'Still looking.' }),
        setupRequest: fileURLToPath(new URL('./support/update-request.cjs', import.meta.url)) as never,
      },
    ],
  });
  const ok = result['2xx'];
  console.log(
    `${label}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average.toFixed(0)} req/s ` +
      `(${ok} × 2xx, ${result.non2xx} other, ${result.errors} errors, ${seconds} s, ${at} connections; ` +
      `${(result.throughput.total / Math.max(1, result.requests.total) / 1024).toFixed(1)} KiB an answer: the incident with every update)`,
  );
  return { updatesPerSecond: ok / seconds, updates: ok, p50: result.latency.p50 };
}

const stackInfo = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as { dynamodb_endpoint: string };
const doc = createDocumentClient({ endpoint: stackInfo.dynamodb_endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });
let floorRuns = 0;
async function floor(label: string, template: Awaited<ReturnType<typeof updateItemsOf>>, at = connections): Promise<FloorResult> {
  const result = await transactFloor(doc, LOCAL_TABLE, template, { connections: at, seconds, run: String(floorRuns++) });
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
  profile?.reset();
  calls.clear();
  const aStarted = performance.timeOrigin + performance.now();
  const a = await run('(a) one incident per connection', (c) => `/v1/incidents/${ids[c % ids.length]}/updates`);
  const count = (method: string) => calls.get(method) ?? 0;
  console.log(
    `calls during (a): ${count('incidents.append')} incidents.append (one TransactWriteItems each; those still in flight at the end ` +
      `are not among the ${a.updates} answers), ${count('incidents.get')} incidents.get, ${count('components.list')} components.list, ` +
      `${count('apiKeys.findByHash')} apiKeys.findByHash, ${count('idempotency.find')} idempotency.find`,
  );
  if (profile) console.log(profile.report(aStarted));
  const after = await floor('floor after (a)', template);
  const hot = await declare(999);
  await run('(b) one incident, all connections', () => `/v1/incidents/${hot}/updates`);
  const few = Math.min(5, connections);
  const quiet = await run(`(c) one incident per connection, ${few} connections`, (c) => `/v1/incidents/${ids[c % ids.length]}/updates`, few);
  const quietFloor = await floor(`floor at ${few} callers`, template, few);
  const floorRate = (before.perSecond + after.perSecond) / 2;
  console.log(
    `Herald ÷ floor at ${connections} connections: ${a.updatesPerSecond.toFixed(0)} updates/s ÷ ${floorRate.toFixed(0)} tx/s ` +
      `(mean of before and after) = ${(a.updatesPerSecond / floorRate).toFixed(2)} (target ≥ 0.8); ` +
      `p50 at ${few} connections ${quiet.p50} ms (target ≤ 30 ms) against the floor's ${quietFloor.p50.toFixed(1)} ms at ${few} callers ` +
      `(${(quiet.p50 / quietFloor.p50).toFixed(2)}×); load average ${loadavg()[0]!.toFixed(1)} at the end`,
  );
} finally {
  doc.destroy();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
