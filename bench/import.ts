// `herald import statuspage` at scale: 5,000 incidents (20,000 updates), 50,000 subscribers, 20
// components in 4 groups, from the fake Statuspage on loopback with its rate limit off, into the
// local stack (in memory, no stream consumers: the import's own cost). Prints the wall time and the
// CLI's peak memory (targets ≤ 60 s, ≤ 500 MB), the requests made to Statuspage and the time its
// 1 request/s limit alone would impose, then runs the import again (everything same).
// Run: npm run bench:import   (BENCH_INCIDENTS, BENCH_SUBSCRIBERS, BENCH_CONCURRENCY to change the load;
// DynamoDB Local runs with the JVM's full JIT, as a long-lived stack wants: HERALD_DYNAMODB_LOCAL_JIT=quick
// for the test suite's C1-only JVM)
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalStack } from '#local/local-stack';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { startFakeStatuspage } from '../test/support/fake-statuspage';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { keys } from '#adapters/dynamodb/keys';
import { normalizeEmail, subscriberIdFor } from '#app/subscriptions/email-address';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { countDynamoRequests, dynamoDbLocalPid, itemsByType, itemsOf, processCpuSeconds, writeFloor } from './support/import-floor';
import { profileRepositories } from './support/profile-repositories';
import { PAGE_ID, aComponent, aGroup, aSubscriber, anIncident, anUpdate } from '../test/support/statuspage-fixtures';

quietSdkNodeWarning();
process.env.HERALD_DYNAMODB_LOCAL_JIT ??= 'full';
const JIT = process.env.HERALD_DYNAMODB_LOCAL_JIT;
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 5000);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 50_000);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '8';
const BIN = resolve(import.meta.dirname, '../cli/bin/herald.mjs');
const PEAK = resolve(import.meta.dirname, 'support/peak-rss.cjs');

const groups = Array.from({ length: 4 }, (_, g) => aGroup({ id: `grp${g}`, name: `Group ${g}`, position: g + 1 }));
const components = Array.from({ length: 20 }, (_, c) => aComponent({ id: `cmp${c}`, name: `Component ${c}`, group_id: `grp${c % 4}`, position: c + 1 }));
const start = Date.parse('2020-01-01T00:00:00Z');
const incidents = Array.from({ length: INCIDENTS }, (_, i) => {
  const at = (minutes: number) => new Date(start + i * 3 * 3600_000 + minutes * 60_000).toISOString();
  const code = `cmp${i % 20}`;
  return anIncident({ id: `inc${i}`, name: `Incident ${i}`, impact: ['critical', 'major', 'minor', 'none'][i % 4] }, [
    anUpdate({ status: 'investigating', created_at: at(0), body: `Investigating incident ${i}. `.repeat(8), affected_components: [{ code, name: code, old_status: 'operational', new_status: 'major_outage' }] }),
    anUpdate({ status: 'identified', created_at: at(20), body: 'We found the cause. '.repeat(8) }),
    anUpdate({ status: 'monitoring', created_at: at(40), body: 'A fix is out. '.repeat(8), affected_components: [{ code, name: code, old_status: 'major_outage', new_status: 'operational' }] }),
    anUpdate({ status: 'resolved', created_at: at(90), body: 'Resolved. '.repeat(8) }),
  ]);
});
const subscribers = Array.from({ length: SUBSCRIBERS }, (_, s) => aSubscriber({ email: `person${s}@example.org`, components: s % 3 === 0 ? [`cmp${s % 20}`] : [] }));

// BENCH_PROFILE=1: DynamoDB calls and written items by kind, per run, and the table's items by type.
const dynamoCalls = process.env.BENCH_PROFILE === '1' ? countDynamoRequests(DynamoDBDocumentClient.prototype) : null;
const fake = await startFakeStatuspage({ groups, components, incidents, templates: [], subscribers });
const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-import-'));
const stackStarted = performance.now();
const stack = await startLocalStack({ port: 0, dataDir, inMemory: true, apiKey: 'hk_bench_key_0123456789', consumers: () => [] });
// BENCH_PROFILE=1: the API's calls on the repositories an import writes through, per run.
const store = stack.deps.app.store;
const profile = process.env.BENCH_PROFILE === '1'
  ? profileRepositories({ imports: store.imports, incidents: store.incidents, components: store.components, subscribers: store.subscribers, suppressions: store.suppressions, idempotency: store.idempotency })
  : null;

let runStarted = 0;
const { dynamodb_endpoint: endpoint, table } = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as { dynamodb_endpoint: string; table: string };
const javaPid = dynamoDbLocalPid(new URL(endpoint).port);
const os2cores = () => `${availableParallelism()} cores`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const cpu = () => ({ api: (process.cpuUsage().user + process.cpuUsage().system) / 1e6, dynamo: javaPid ? processCpuSeconds(javaPid) : null });
const cpuText = (before: ReturnType<typeof cpu>, after: ReturnType<typeof cpu>, cliSeconds: number) =>
  `CPU: CLI ${cliSeconds.toFixed(1)} s, API (this process) ${(after.api - before.api).toFixed(1)} s, DynamoDB Local ${before.dynamo === null || after.dynamo === null ? '?' : `${(after.dynamo - before.dynamo).toFixed(1)} s`}`;

function runImport(extra: string[] = []): Promise<{ code: number | null; ms: number; peakMb: number; cliCpu: number; stdout: string; stderr: string }> {
  const began = performance.now();
  profile?.reset();
  dynamoCalls?.reset();
  runStarted = performance.timeOrigin + began;
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--require', PEAK, BIN, 'import', 'statuspage', '--page-id', PAGE_ID, '--api-key', fake.key, '--source-url', fake.url, '--min-interval-ms', '0', '--concurrency', CONCURRENCY, '--json', ...extra],
      { env: { ...process.env, HERALD_URL: stack.url, HERALD_API_KEY: stack.apiKey }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => {
      const peak = Number(/PEAK_RSS_KB (\d+)/.exec(stderr)?.[1] ?? 0);
      done({ code, ms: performance.now() - began, peakMb: peak / 1024, cliCpu: Number(/CPU_MS (\d+)/.exec(stderr)?.[1] ?? 0) / 1000, stdout, stderr });
    });
  });
}

try {
  console.log(`load average before: ${load()} (${os2cores()}); DynamoDB Local JIT '${JIT}', local stack started in ${((performance.now() - stackStarted) / 1000).toFixed(1)} s`);
  const cpu0 = cpu();
  const first = await runImport();
  const cpu1 = cpu();
  if (first.code !== 0) throw new Error(`import failed (${first.code}): ${first.stderr.slice(-2000)}`);
  const requests = fake.requests.length;
  const counts = (JSON.parse(first.stdout) as { counts: Record<string, Record<string, number>>; details: Array<{ kind: string; source_id: string; id?: string }> }).counts;
  console.log(`import: ${INCIDENTS.toLocaleString('en')} incidents (${(INCIDENTS * 4).toLocaleString('en')} updates), ${SUBSCRIBERS.toLocaleString('en')} subscribers, concurrency ${CONCURRENCY}`);
  console.log(`  wall time ${(first.ms / 1000).toFixed(1)} s (target ≤ 60 s), CLI peak memory ${first.peakMb.toFixed(0)} MB (target ≤ 500 MB); load average after ${load()}`);
  console.log(`  ${cpuText(cpu0, cpu1, first.cliCpu)}`);
  console.log(`  ${requests} requests to Statuspage: its 1 request/s limit alone would take ${requests} s (${(requests / 60).toFixed(1)} min) beside this`);
  console.log(`  ${Object.entries(counts).map(([k, c]) => `${k} ${c.created} created/${c.skipped} skipped`).join(', ')}`);
  if (profile) console.log(profile.report(runStarted));
  if (dynamoCalls) console.log(`${dynamoCalls.report()}\n  table items by type: ${await itemsByType(createDocumentClient({ endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } }), table)}`);
  const second = await runImport();
  const cpu2 = cpu();
  const again = (JSON.parse(second.stdout) as { counts: Record<string, Record<string, number>> }).counts;
  const changed = Object.values(again).reduce((n, c) => n + (c.created ?? 0) + (c.updated ?? 0), 0);
  console.log(`second run: ${(second.ms / 1000).toFixed(1)} s, ${changed} records changed (expected 0), peak ${second.peakMb.toFixed(0)} MB; load average after ${load()}`);
  console.log(`  ${cpuText(cpu1, cpu2, second.cliCpu)}`);
  if (profile) console.log(profile.report(runStarted));
  if (dynamoCalls) console.log(dynamoCalls.report());

  // The floor, in the same run: DynamoDB Local storing as many items as the first run wrote (each
  // incident's meta, its 4 updates, 2 status-history entries and its mapping; each subscriber),
  // copies of Herald's own items, with no Herald in the way.
  const doc = createDocumentClient({ endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });
  const incidentId = (await stack.deps.app.store.imports.find('statuspage', 'incident', 'inc0'))!;
  const templates = await itemsOf(doc, table, [
    keys.incidentPartition(incidentId),
    keys.importSource('statuspage', 'incident', 'inc0').pk,
    ...(SUBSCRIBERS > 0 ? [keys.subscriber(subscriberIdFor(normalizeEmail('person0@example.org'))).pk] : []),
  ]);
  const items = INCIDENTS * 8 + SUBSCRIBERS;
  const callers = Number(CONCURRENCY);
  const jvm = () => (javaPid ? processCpuSeconds(javaPid) : null);
  const jvm0 = jvm();
  const tx25 = await writeFloor(doc, table, templates, { callers, seconds: 8, perCall: 25, run: 'tx' });
  const jvm1 = jvm();
  const puts = await writeFloor(doc, table, templates, { callers, seconds: 8, perCall: 1, run: 'put' });
  const batched = await writeFloor(doc, table, templates, { callers, seconds: 8, perCall: 25, run: 'batch', batch: true });
  console.log(`floor (same run, ${callers} callers, load average ${load()}): DynamoDB Local alone stores ${items.toLocaleString('en')} such items in`);
  console.log(`  25-item transactions: ${(items / tx25.perSecond).toFixed(1)} s (${tx25.perSecond.toFixed(0)} items/s) -> Herald ${(first.ms / 1000 / (items / tx25.perSecond)).toFixed(2)}x this floor`);
  console.log(`  single conditional puts: ${(items / puts.perSecond).toFixed(1)} s (${puts.perSecond.toFixed(0)} puts/s) -> Herald ${(first.ms / 1000 / (items / puts.perSecond)).toFixed(2)}x this floor`);
  console.log(`  25-item BatchWriteItem, unconditional: ${(items / batched.perSecond).toFixed(1)} s (${batched.perSecond.toFixed(0)} items/s) -> Herald ${(first.ms / 1000 / (items / batched.perSecond)).toFixed(2)}x this floor`);
  // DynamoDB Local's own CPU is the work asked of it, less swayed by the load than wall time is.
  if (jvm0 !== null && jvm1 !== null && cpu0.dynamo !== null && cpu1.dynamo !== null) {
    const floorCpu = ((jvm1 - jvm0) / tx25.items) * items;
    const herald = cpu1.dynamo - cpu0.dynamo;
    console.log(`  DynamoDB Local CPU for those items in 25-item transactions: ${floorCpu.toFixed(1)} s; Herald's first run made it spend ${herald.toFixed(1)} s (${(herald / floorCpu).toFixed(2)}x: the import's reads and its bookkeeping items included)`);
  }
} finally {
  await stack.stop();
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
}
