// Fan-out of one notifying incident to N confirmed subscribers, through the real pipeline: DynamoDB
// Local and its stream, the local stream poller feeding the mailer (planner, batch items, send
// ledger), SES SendRawEmail to the SES stand-in. The stand-in runs in a child process that counts
// what it receives per recipient, so the figures are the mailer's own: wall time from the
// declaration to the last mail, mails a second, the mailer process's peak memory, duplicates and
// misses; then the same with the mailer process killed midway (and a fresh one taking over, as
// Lambda's retry would), and the planner's time per 1,000 subscribers (its cost is linear).
//
// Three ways each size is run:
//   none   nothing goes wrong;
//   crash  midway, an invocation fails (a ledger write throws, as on a DynamoDB error or a bug) and
//          Lambda retries its records: the ledger resumes without losing or repeating anyone;
//   kill   midway, the mailer process dies (every call it makes from then on fails, what it had on
//          the wire still lands) and a new process takes over once its claims' leases lapse: the
//          mails SES had accepted but the dead process had not yet marked are sent again (the
//          at-least-once edge documented in functions/mailer/deliver.ts), none is lost.
//
// Run: npm run bench:mail          (10,000: none, crash, kill; 100,000: none, crash)
//      npx tsx bench/mail-fanout.ts 10000 --modes none,kill      (BENCH_VERBOSE=1 for progress)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createAppDeps } from '#app/deps';
import { declareIncident } from '#app/incidents/declare-incident';
import type { Store } from '#app/ports/store';
import { seedConfirmedSubscribers } from './support/seed-subscribers';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { sesMailerDeps } from '#adapters/ses/mailer-deps';
import { parseConfig } from '#config/config';
import { startDynamoDbLocal } from '#local/dynamodb-local';
import { ensureTable } from '#local/ensure-table';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { startSesLocal } from '#local/ses-local';
import { createStreamPoller } from '#local/stream-poller';
import type { MailSender } from '#mailer/ports';
import { createMailerHandler } from '#mailer/stream-handler';
import rawConfig from '../herald.config.json' with { type: 'json' };

quietSdkNodeWarning();

/** A dead mailer's claims are taken over after this (the default, 2 minutes, would dominate the crash run). */
const LEASE_MS = 10_000;

// ---- the SES stand-in's process: counts recipients, answers the parent's questions ----

interface Tally {
  received: number;
  counts: Record<string, number>;
}

if (process.argv.includes('--ses-child')) {
  let received = 0;
  let counts = new Map<string, number>();
  const ses = await startSesLocal({
    onMessage: async ({ destinations }) => {
      received++;
      for (const to of destinations) counts.set(to, (counts.get(to) ?? 0) + 1);
    },
  });
  // The stand-in keeps a parsed copy of every mail in memory; raw sends do not need it.
  const { createRequire } = await import('node:module');
  const store = createRequire(import.meta.url)('aws-ses-v2-local/dist/store') as { clearStore(): void };
  setInterval(() => store.clearStore(), 2_000).unref();
  process.on('message', (message: { kind: string }) => {
    if (message.kind === 'received') process.send!({ kind: 'received', received });
    if (message.kind === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ kind: 'cpu', ms: (user + system) / 1000 });
    }
    if (message.kind === 'tally') process.send!({ kind: 'tally', received, counts: Object.fromEntries(counts) } satisfies Tally & { kind: string });
    if (message.kind === 'reset') {
      received = 0;
      counts = new Map();
      process.send!({ kind: 'reset' });
    }
  });
  // The parent died (or is done): so is the stand-in.
  process.on('disconnect', () => process.exit(0));
  process.send!({ kind: 'ready', endpoint: ses.endpoint });
} else {
  await main();
}

function ask<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { kind: string }) => {
      if (message.kind !== kind) return;
      child.off('message', listener);
      resolve(message as T);
    };
    child.on('message', listener);
    child.send({ kind });
  });
}

// ---- the benchmark ----

type Mode = 'none' | 'crash' | 'kill';

interface RunResult {
  n: number;
  mode: Mode;
  seconds: number;
  planMs: number;
  mailsPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
  received: number;
  duplicates: number;
  misses: number;
  inFlightAtCrash: number | null;
  /** The machine's 1-minute load average when the run started (other work shares its cores). */
  load: number;
  /** CPU the mailer's process spent per mail (planning, ledger, composing, SES client, stream reading). */
  mailerCpuMsPerMail: number;
  /** CPU the SES stand-in spent per mail (it parses every message). */
  standInCpuMsPerMail: number;
}

async function main() {
  // `10000 100000`, optionally `--modes none,kill`.
  const argv = process.argv.slice(2);
  const modesAt = argv.indexOf('--modes');
  const asked = modesAt >= 0 ? (argv[modesAt + 1]?.split(',') as Mode[]) : null;
  const sizes = argv.filter((a, i) => /^\d+$/.test(a) && (modesAt < 0 || i !== modesAt + 1)).map(Number);
  if (sizes.length === 0) sizes.push(10_000, 100_000);
  const modesFor = (n: number): Mode[] => asked ?? (n > 10_000 ? ['none', 'crash'] : ['none', 'crash', 'kill']);

  const child = fork(fileURLToPath(import.meta.url), ['--ses-child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { endpoint: sesEndpoint } = await new Promise<{ endpoint: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { endpoint: string })),
  );
  const results: RunResult[] = [];
  try {
    for (const n of sizes) {
      for (const mode of modesFor(n)) {
        // A DynamoDB Local of its own per run: what an earlier run left in its memory (items, a day of
        // stream records) slows the next one's garbage collection down.
        const dynamo = await startDynamoDbLocal({});
        try {
          results.push(await run({ n, mode, dynamoEndpoint: dynamo.endpoint, sesEndpoint, child }));
        } finally {
          await dynamo.stop();
        }
        print(results.at(-1)!);
      }
    }
  } finally {
    child.kill();
  }
  console.log('\nsummary');
  console.table(
    results.map((r) => ({
      subscribers: r.n,
      fault: r.mode,
      'wall s': r.seconds.toFixed(1),
      'mails/s': Math.round(r.mailsPerSecond),
      'plan ms/1k': (r.planMs / (r.n / 1000)).toFixed(1),
      'peak RSS MB': r.peakRssMb.toFixed(0),
      'CPU ms/mail (mailer, stand-in)': `${r.mailerCpuMsPerMail.toFixed(2)}, ${r.standInCpuMsPerMail.toFixed(2)}`,
      duplicates: r.duplicates,
      misses: r.misses,
    })),
  );
}

function print(r: RunResult) {
  console.log(
    `${r.n.toLocaleString('en')} subscribers${{ none: '', crash: ', an invocation crashed midway', kill: ', the mailer process killed midway' }[r.mode]}: ` +
      `${r.seconds.toFixed(1)} s, ${Math.round(r.mailsPerSecond)} mails/s, planned in ${r.planMs} ms ` +
      `(${(r.planMs / (r.n / 1000)).toFixed(1)} ms per 1,000), peak RSS ${r.peakRssMb.toFixed(0)} MB ` +
      `(heap ${r.peakHeapMb.toFixed(0)} MB), received ${r.received}, duplicates ${r.duplicates}, misses ${r.misses}` +
      `, CPU per mail: mailer ${r.mailerCpuMsPerMail.toFixed(2)} ms, SES stand-in ${r.standInCpuMsPerMail.toFixed(2)} ms` +
      (r.inFlightAtCrash === null ? '' : `, sends in flight at the kill ${r.inFlightAtCrash}`) +
      ` (load average ${r.load.toFixed(1)} on ${cpus().length} cores)`,
  );
}

interface RunOptions {
  n: number;
  mode: Mode;
  dynamoEndpoint: string;
  sesEndpoint: string;
  child: ChildProcess;
}

async function run({ n, mode, dynamoEndpoint, sesEndpoint, child }: RunOptions): Promise<RunResult> {
  const aws = { endpoint: dynamoEndpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } };
  const tableName = `bench-${n}-${mode}`;
  const client = new DynamoDBClient(aws);
  await ensureTable(client, tableName);
  client.destroy();
  const doc = createDocumentClient(aws);
  const app = createAppDeps(createDynamoStore({ doc, tableName }), parseConfig(rawConfig, { pageUrl: 'https://status.example.com' }));
  const emails = await seedConfirmedSubscribers(n, doc, tableName);
  await ask(child, 'reset');
  const load = loadavg()[0]!;

  const tokens = createSubscriptionTokens(async () => 'bench-secret-0123456789-0123456789-0123456789');
  const verbose = process.env.BENCH_VERBOSE === '1';
  const quiet = {
    info: () => {},
    error: (message: string, fields?: Record<string, unknown>) => void (verbose ? console.error(message, JSON.stringify(fields)) : undefined),
  };
  const build = (store: Store, sender?: MailSender) => {
    const deps = sesMailerDeps({
      app,
      tokens,
      ses: { endpoint: sesEndpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } },
      fallbackSendRate: 1000,
      log: quiet,
    });
    // The stand-in has no GetSendQuota: the local stack's stated rate, without its 3 s timeout.
    return createMailerHandler({ ...deps, store, sender: sender ?? deps.sender, sendRate: async () => 1000, leaseMs: LEASE_MS, log: quiet });
  };

  // The "process" that dies: once dead, every call it makes fails (what it started may still land).
  let dead = false;
  let sends = 0;
  let inFlight = 0;
  let inFlightAtCrash: number | null = null;
  let crashed = false;
  const mortal = (store: Store): Store => {
    const wrapped = Object.fromEntries(
      Object.entries(store).map(([name, repository]) => [
        name,
        Object.fromEntries(
          Object.entries(repository as Record<string, (...a: unknown[]) => Promise<unknown>>).map(([method, fn]) => [
            method,
            async (...a: unknown[]) => {
              if (dead) throw new Error('killed');
              const result = await fn(...a);
              if (dead) throw new Error('killed');
              return result;
            },
          ]),
        ),
      ]),
    ) as unknown as Store;
    const claim = wrapped.sendLedger.claim;
    wrapped.sendLedger.claim = async (...a) => {
      if (mode === 'crash' && !crashed && sends >= n / 2) {
        // The invocation fails here (the process lives on; Lambda retries the failed records).
        crashed = true;
        throw new Error('injected crash: the ledger write failed');
      }
      return claim(...a);
    };
    return wrapped;
  };
  const realSender = sesMailerDeps({ app, tokens, ses: { endpoint: sesEndpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } }, fallbackSendRate: 1000 }).sender;
  const dyingSender: MailSender = {
    async send(mail) {
      if (dead) throw new Error('killed');
      if (++sends === Math.floor(n / 2) && mode === 'kill') {
        // Killed between its ledger claim and this SES call; the sends already on the wire land.
        dead = true;
        inFlightAtCrash = inFlight;
        throw new Error('killed');
      }
      inFlight++;
      try {
        const id = await realSender.send(mail);
        if (dead) throw new Error('killed');
        return id;
      } finally {
        inFlight--;
      }
    },
  };
  let current = mode === 'none' ? build(app.store) : build(mortal(app.store), dyingSender);
  let replaced = false;
  const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const mailer = current;
    const response = await mailer(event);
    if (dead && !replaced) {
      // Lambda runs the retry in a new process.
      replaced = true;
      current = build(app.store);
    }
    return response;
  };

  const checkpointDir = await mkdtemp(join(tmpdir(), 'herald-bench-mail-'));
  const poller = createStreamPoller({
    dynamodb: aws,
    tableName,
    checkpointDir,
    consumers: [{ name: 'mailer', handler, batchSize: 100 }],
    pollIntervalMs: 20,
    logger: { info: () => {}, error: () => {} },
  });
  await poller.start();
  // The seeding's records go by first (the mailer skips them): the clock starts at the declaration.
  await poller.waitForIdle(600_000);

  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 250);
  const standInCpuBefore = (await ask<{ ms: number }>(child, 'cpu')).ms;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const incident = await declareIncident(
    app,
    { title: 'Checkout is failing', severity: 'SEV1', message: 'Payments fail for **most** customers. We are on it.' },
    { actor: 'bench', now: new Date().toISOString() },
  );
  const notificationId = `incident#${incident.id}#1`;
  let planMs = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!planMs && (await app.store.notifications.get(notificationId))?.planned) planMs = Math.round(performance.now() - started);
    const { received } = await ask<{ received: number }>(child, 'received');
    if (verbose && Math.round(performance.now() - started) % 5000 < 110) console.error(`${((performance.now() - started) / 1000).toFixed(0)} s: ${received} received${dead ? ' (killed)' : crashed ? ' (crashed)' : ''}`);
    if (received >= n) break;
    if (performance.now() - started > 30 * 60_000) throw new Error(`gave up: ${received} of ${n} received`);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const standInCpuMs = (await ask<{ ms: number }>(child, 'cpu')).ms - standInCpuBefore;
  clearInterval(sampler);
  sample();
  await poller.waitForIdle(600_000);
  await poller.stop();
  await rm(checkpointDir, { recursive: true, force: true });

  const tally = await ask<Tally>(child, 'tally');
  let duplicates = 0;
  for (const count of Object.values(tally.counts)) duplicates += Math.max(0, count - 1);
  const misses = emails.filter((e) => !tally.counts[e]).length;
  return {
    n,
    mode,
    seconds,
    planMs,
    mailsPerSecond: n / seconds,
    peakRssMb: peakRss / 2 ** 20,
    peakHeapMb: peakHeap / 2 ** 20,
    received: tally.received,
    duplicates,
    misses,
    inFlightAtCrash,
    load,
    mailerCpuMsPerMail: (cpu.user + cpu.system) / 1000 / n,
    standInCpuMsPerMail: standInCpuMs / n,
  };
}

