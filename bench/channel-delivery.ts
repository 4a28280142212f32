// Channel delivery through the real local pipeline: DynamoDB Local and its stream, the stream
// poller feeding the channel worker (with the publisher and the mailer beside it, as `npm start`
// runs them), real HTTP to loopback receivers in a child process (bench/support/webhook-receivers.ts).
// 1,000 `webhook` endpoints are added through POST /v1/webhooks, 10 of them hang until the 10 s
// timeout and 10 answer 500. An incident is declared, then 20 updates are posted through the API
// one after another (each once the previous one has reached every healthy endpoint); for each,
// the time from the API's answer to the last healthy endpoint's receipt of it. Target: p95 ≤ 3 s,
// and no duplicate (the same webhook-id twice) nor out-of-order delivery at a healthy endpoint.
// A sample of endpoints (every 50th) has every request's signature checked with standardwebhooks.
//
// Phase 2, quarantine: real backoff (5 s, 1 min, 5 min, 30 min, 2 h…) needs about ten hours for
// ten failures, so a second channel worker — the same createChannelWorker, built as the local
// stack builds its own, on the same table — runs with a clock that jumps 2.5 hours ahead before
// each sweep (the failing endpoints' retries are then due; the HTTP timeout stays a real 10 s).
// It runs once the stack's own worker has no attempt of the failing endpoints due within 30 s,
// and goes on until the failing endpoints are quarantined; then one more sweep shows that nothing
// is sent to them any more. The receivers count each failing endpoint's requests (10 expected).
//
// Floors, measured in the same run after phase 1 (bench/support/channel-floor.ts): as many loopback
// POSTs as there are healthy endpoints (128 at once, the worker's client), one conditional PutItem
// each (50 callers), and as many items by BatchWriteItem; the ratio of Herald's p95 to the POSTs
// plus one conditional write each is printed with the load average.
//
// Run: npm run bench:channels   (BENCH_ENDPOINTS=1000 BENCH_UPDATES=20; BENCH_VERBOSE=1 for progress;
// BENCH_QUARANTINE=0 skips phase 2)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGuardedLookup } from '#adapters/http/guarded-lookup';
import { channelRequestBuilder } from '#channels/build-request';
import { createChannelWorker } from '#channels/worker';
import { startLocalStack, type LocalStack } from '#local/local-stack';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import type { Clock } from '#mailer/ports';
import { profileRepositories } from './support/profile-repositories';
import { channelFloor } from './support/channel-floor';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { readFile } from 'node:fs/promises';
import type { Hits, Progress, ReceiverSetup, Tally } from './support/webhook-receivers';

quietSdkNodeWarning();
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 1000);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 20);
const verbose = process.env.BENCH_VERBOSE === '1' || process.env.BENCH_PROFILE === '1';
const profiling = process.env.BENCH_PROFILE === '1';
/** Endpoint numbers that hang, and that answer 500: 10 each per 1,000. */
const HANG = Array.from({ length: ENDPOINTS }, (_, n) => n).filter((n) => n % 100 === 7);
const FAIL = Array.from({ length: ENDPOINTS }, (_, n) => n).filter((n) => n % 100 === 57);
const FAILING = new Set([...HANG, ...FAIL]);
const HEALTHY = ENDPOINTS - FAILING.size;
const SAMPLE = (n: number) => n % 50 === 0;
const PER_UPDATE_LIMIT_MS = 180_000;

const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function ask<T>(child: ChildProcess, message: Record<string, unknown>): Promise<T> {
  return new Promise((resolve) => {
    const listener = (answer: { kind: string }) => {
      if (answer.kind !== message.kind) return;
      child.off('message', listener);
      resolve(answer as T);
    };
    child.on('message', listener);
    child.send(message);
  });
}

const child = fork(fileURLToPath(new URL('./support/webhook-receivers.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const { ports } = await new Promise<{ ports: number[] }>((resolve) => child.once('message', (m) => resolve(m as { ports: number[] })));
// The local stack delivers over plain http to these hosts only (read when the stack starts).
process.env.HERALD_ALLOW_WEBHOOK_HOSTS = ports.map((port) => `127.0.0.1:${port}`).join(',');
const urlOf = (n: number) => `http://127.0.0.1:${ports[n % ports.length]}/r/${n}`;

const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-channels-'));
const load = loadavg();
console.log(`load average ${load.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores at start (the machine is shared: figures are taken under load)`);
const stack = await startLocalStack({ port: 0, dataDir, inMemory: true, apiKey: 'hk_bench_channels_key' });
try {
  await run(stack);
} finally {
  await stack.stop();
  child.kill();
  await rm(dataDir, { recursive: true, force: true });
}

async function run(stack: LocalStack) {
  const headers = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  // ---- 1,000 endpoints through the API ----
  const registering = performance.now();
  const ids = new Array<string>(ENDPOINTS);
  const secrets: Record<number, string> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let n = next++; n < ENDPOINTS; n = next++) {
        const created = await call('POST', '/v1/webhooks', { kind: 'webhook', url: urlOf(n) });
        ids[n] = String(created.id);
        if (SAMPLE(n)) secrets[n] = String(created.secret);
      }
    }),
  );
  console.log(`${ENDPOINTS} webhook endpoints added through POST /v1/webhooks in ${seconds(performance.now() - registering)} (${HANG.length} hang, ${FAIL.length} answer 500)`);
  await ask(child, { kind: 'setup', hang: HANG, fail: FAIL, secrets } satisfies ReceiverSetup);
  await stack.poller.waitForIdle(120_000);

  const waitFor = async (update: number, answered: number): Promise<Progress> => {
    for (;;) {
      const progress = await ask<Progress>(child, { kind: 'progress', update });
      if (progress.count >= HEALTHY) return progress;
      if (wall() - answered > PER_UPDATE_LIMIT_MS) {
        console.log(`update ${update}: only ${progress.count} of ${HEALTHY} healthy endpoints after ${seconds(PER_UPDATE_LIMIT_MS)}; going on`);
        return progress;
      }
      await sleep(20);
    }
  };

  // ---- the declaration, then 20 updates one after another ----
  let answered = wall();
  const incident = await call('POST', '/v1/incidents', { title: 'Checkout is failing', severity: 'SEV2', message: 'Investigating (bench-update-0).' });
  answered = wall();
  const declared = await waitFor(0, answered);
  console.log(`declaration: first healthy receipt ${seconds(declared.first! - answered)}, last ${seconds((declared.last ?? wall()) - answered)} after the API's answer`);

  // BENCH_PROFILE=1: the worker's calls on its repositories, per update.
  const profile = profiling ? profileRepositories({ deliveries: stack.deps.app.store.channelDeliveries, endpoints: stack.deps.app.store.channelEndpoints }) : null;
  const rows: Array<{ update: number; first: number; last: number; reached: number }> = [];
  const phase1 = wall();
  for (let k = 1; k <= UPDATES; k++) {
    const status = k < UPDATES / 2 ? 'investigating' : 'identified';
    profile?.reset();
    const sent = wall();
    await call('POST', `/v1/incidents/${String(incident.id)}/updates`, { status, message: `Still working on it (bench-update-${k}).`, notify: true });
    answered = wall();
    const progress = await waitFor(k, answered);
    const row = { update: k, first: (progress.first ?? NaN) - answered, last: progress.count >= HEALTHY ? progress.last! - answered : NaN, reached: progress.count };
    rows.push(row);
    if (verbose) console.log(`update ${k}: API ${seconds(answered - sent)}, first ${seconds(row.first)}, last ${seconds(row.last)} (${row.reached} of ${HEALTHY})`);
    if (profile) console.log(profile.report(answered));
  }
  const phase1Seconds = (wall() - phase1) / 1000;
  await sleep(1_000); // anything late would show up as a duplicate or out of order
  const tally = await ask<Tally>(child, { kind: 'tally', maxUpdate: UPDATES, healthy: HEALTHY });

  const lasts = rows.map((r) => r.last).sort((a, b) => a - b);
  const firsts = rows.map((r) => r.first).sort((a, b) => a - b);
  console.log(`\nper update, from the API's answer to the last of ${HEALTHY} healthy endpoints (${UPDATES} updates, ${phase1Seconds.toFixed(0)} s in all):`);
  console.log(rows.map((r) => `${r.update}: ${(r.last / 1000).toFixed(2)}`).join('  '));
  console.log(
    `last healthy receipt: median ${seconds(percentile(lasts, 0.5))}, p95 ${seconds(percentile(lasts, 0.95))}, max ${seconds(lasts.at(-1)!)} (target p95 ≤ 3 s)` +
      `; first healthy receipt: median ${seconds(percentile(firsts, 0.5))}`,
  );
  console.log(
    `healthy endpoints: ${tally.healthyRequests} requests, duplicates ${tally.duplicates}, out of order ${tally.outOfOrder}, missing ${tally.missing}; ` +
      `signatures checked with standardwebhooks on ${Object.keys(secrets).length} endpoints: ${tally.signatures.valid} valid, ${tally.signatures.invalid} invalid` +
      (tally.signatures.firstError ? ` (${tally.signatures.firstError})` : ''),
  );

  // ---- the floors, in the same run: the POSTs alone, and one DynamoDB write per healthy endpoint ----
  const stackInfo = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as { dynamodb_endpoint: string };
  const doc = createDocumentClient({ endpoint: stackInfo.dynamodb_endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });
  const sampleBody = JSON.stringify({ meta: {}, page: {}, incident: await call('GET', `/v1/incidents/${String(incident.id)}`) });
  const floor = await channelFloor({
    doc,
    tableName: stack.deps.tableName,
    urls: Array.from({ length: HEALTHY }, (_, i) => `http://127.0.0.1:${ports[i % ports.length]}/floor`),
    body: sampleBody,
    slots: 128,
    run: String(Date.now()),
  });
  const p95 = percentile(lasts, 0.95);
  console.log(
    `floor (same run, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}): ${HEALTHY} POSTs of a ${(sampleBody.length / 1024).toFixed(1)} KB body, 128 at once, ${seconds(floor.postsMs)}; ` +
      `${HEALTHY} conditional PutItems (50 callers) ${seconds(floor.conditionalPutsMs)} (${((HEALTHY * 1000) / floor.conditionalPutsMs).toFixed(0)}/s); ` +
      `${HEALTHY} items by BatchWriteItem (25 a request, 4 in flight) ${seconds(floor.batchPutsMs)}. ` +
      `Herald's p95 ÷ (POSTs + one conditional write each): ${(p95 / (floor.postsMs + floor.conditionalPutsMs)).toFixed(2)}`,
  );
  doc.destroy();

  // ---- phase 2: the failing endpoints quarantined at their 10th failure, with a fast clock ----
  if (process.env.BENCH_QUARANTINE === '0') return;
  const failing = [...FAILING].map((n) => ({ n, id: ids[n]! }));
  const failingIds = new Set(failing.map((f) => f.id));
  const store = stack.deps.app.store;
  const endpointsNow = async () => Promise.all(failing.map(async (f) => ({ ...f, endpoint: (await store.channelEndpoints.get(f.id))! })));
  const before = await endpointsNow();
  console.log(`\nafter phase 1 the failing endpoints have ${summarize(before.map((f) => f.endpoint.consecutive_failures))} failures in a row (real backoff)`);

  // Hand over once the stack's own worker has nothing of theirs due soon and no attempt open.
  const quietFor = async () => {
    const due = await store.channelDeliveries.dueEndpoints(new Date(Date.now() + 30_000).toISOString());
    const hits = await ask<Hits>(child, { kind: 'hits' });
    return hits.open === 0 && !due.some((id) => failingIds.has(id));
  };
  const handover = performance.now();
  while (!((await quietFor()) && (await sleep(1_000), await quietFor()))) {
    if (performance.now() - handover > 8 * 60_000) throw new Error('the stack kept retrying the failing endpoints: no quiet moment to hand over');
    await sleep(1_000);
  }
  if (performance.now() - handover > 2_000) console.log(`waited ${seconds(performance.now() - handover)} for the stack's own retries to settle`);

  let offset = 3 * 3600_000; // past any real backoff already scheduled (2 h + 20 %)
  const clock: Clock = { now: () => Date.now() + offset, sleep };
  const quarantines: Array<{ endpoint_id: string; failures: number; at: number }> = [];
  const urlPolicy = stack.deps.app.channels!;
  const fast = createChannelWorker({
    store,
    build: channelRequestBuilder(store, stack.deps.publisher.config),
    lookup: createGuardedLookup({ allowHosts: urlPolicy.allowHosts }),
    urlPolicy: { allowHosts: urlPolicy.allowHosts, allowHttp: urlPolicy.allowHttp },
    clock,
    owner: 'bench-fast-clock',
    log: {
      info: () => {},
      error: (message, fields) => {
        if (message.includes('quarantined')) quarantines.push({ endpoint_id: String(fields?.endpoint_id), failures: Number(fields?.failures), at: clock.now() });
        else if (verbose) console.error(message, fields);
      },
    },
  });
  const phase2 = performance.now();
  let rounds = 0;
  for (; rounds < 14; rounds++) {
    await fast.sweep();
    await fast.idle();
    const now = await endpointsNow();
    const quarantined = now.filter((f) => f.endpoint.state === 'quarantined').length;
    if (verbose) console.log(`sweep ${rounds + 1} (clock +${(offset / 3600_000).toFixed(1)} h): failures ${summarize(now.map((f) => f.endpoint.consecutive_failures))}, quarantined ${quarantined}`);
    if (quarantined === failing.length) break;
    offset += 2.5 * 3600_000;
  }
  const hitsAtQuarantine = await ask<Hits>(child, { kind: 'hits' });
  offset += 2.5 * 3600_000;
  await fast.sweep(); // one more: nothing goes to a quarantined endpoint
  await fast.idle();
  const hitsAfter = await ask<Hits>(child, { kind: 'hits' });
  const after = await endpointsNow();
  const attempts = await Promise.all(
    failing.map(async (f) => ((await call('GET', `/v1/webhooks/${f.id}/attempts`)).attempts as Array<{ error: string | null }>).filter((a) => a.error !== null).length),
  );
  const requests = failing.map((f) => hitsAtQuarantine.hits[f.n] ?? 0);
  const later = failing.reduce((sum, f) => sum + (hitsAfter.hits[f.n] ?? 0) - (hitsAtQuarantine.hits[f.n] ?? 0), 0);
  console.log(
    `phase 2 (fast clock, ${rounds + 1} sweeps, ${seconds(performance.now() - phase2)} real): quarantined ${after.filter((f) => f.endpoint.state === 'quarantined').length} of ${failing.length} ` +
      `(hang: ${after.filter((f) => HANG.includes(f.n) && f.endpoint.state === 'quarantined').length}, 500: ${after.filter((f) => FAIL.includes(f.n) && f.endpoint.state === 'quarantined').length}); ` +
      `failures in a row at quarantine ${summarize(quarantines.map((q) => q.failures))} (${quarantines.length} quarantine events); ` +
      `requests each failing endpoint received ${summarize(requests)}; failed attempts in GET /v1/webhooks/{id}/attempts ${summarize(attempts)}; ` +
      `requests after quarantine ${later}`,
  );
  console.log(`\nload average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
}

/** "10" when all are 10, else "min–max". */
function summarize(values: number[]): string {
  if (values.length === 0) return 'none';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(min) : `${min}–${max}`;
}
