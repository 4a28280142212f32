// Fan-out of one notifying incident to N confirmed subscribers, through the real pipeline: DynamoDB
// Local and its stream, the local stream poller feeding the mailer (planner, batch items, send
// ledger), SES SendRawEmail to the SES stand-in. The stand-in runs in a child process that counts
// what it receives per recipient, so the figures are the mailer's own: wall time from the
// declaration to the last mail, mails a second, the mailer process's peak memory, duplicates and
// misses; then the same with the mailer process killed midway (and a fresh one taking over, as
// Lambda's retry would), and the planner's time per 1,000 subscribers (its cost is linear).
//
// Run: npm run bench:mail                       (10,000 and 100,000; each also with a crash)
//      npx tsx bench/mail-fanout.ts 10000 --no-crash   (or --only-crash; BENCH_VERBOSE=1 for progress)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createAppDeps, type AppDeps } from '#app/deps';
import { declareIncident } from '#app/incidents/declare-incident';
import type { Store } from '#app/ports/store';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import type { Subscriber } from '#app/subscriptions/subscriber';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { batchWrite } from '#adapters/dynamodb/subscriber-batch-io';
import { subscriberItem } from '#adapters/dynamodb/subscriber-repository';
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

interface RunResult {
  n: number;
  crash: boolean;
  seconds: number;
  planMs: number;
  mailsPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
  received: number;
  duplicates: number;
  misses: number;
  inFlightAtCrash: number | null;
  /** CPU the mailer's process spent per mail (planning, ledger, composing, SES client, stream reading). */
  mailerCpuMsPerMail: number;
  /** CPU the SES stand-in spent per mail (it parses every message). */
  standInCpuMsPerMail: number;
}

async function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const sizes = args.length > 0 ? args.map(Number) : [10_000, 100_000];
  const withCrash = !process.argv.includes('--no-crash');

  const dynamo = await startDynamoDbLocal({});
  const child = fork(fileURLToPath(import.meta.url), ['--ses-child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { endpoint: sesEndpoint } = await new Promise<{ endpoint: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { endpoint: string })),
  );
  const results: RunResult[] = [];
  try {
    const modes = process.argv.includes('--only-crash') ? [true] : withCrash ? [false, true] : [false];
    for (const n of sizes) {
      for (const crash of modes) {
        results.push(await run({ n, crash, dynamoEndpoint: dynamo.endpoint, sesEndpoint, child }));
        print(results.at(-1)!);
      }
    }
  } finally {
    child.kill();
    await dynamo.stop();
  }
  console.log('\nsummary');
  console.table(
    results.map((r) => ({
      subscribers: r.n,
      crash: r.crash ? 'midway' : 'none',
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
    `${r.n.toLocaleString('en')} subscribers${r.crash ? ', mailer killed midway' : ''}: ` +
      `${r.seconds.toFixed(1)} s, ${Math.round(r.mailsPerSecond)} mails/s, planned in ${r.planMs} ms ` +
      `(${(r.planMs / (r.n / 1000)).toFixed(1)} ms per 1,000), peak RSS ${r.peakRssMb.toFixed(0)} MB ` +
      `(heap ${r.peakHeapMb.toFixed(0)} MB), received ${r.received}, duplicates ${r.duplicates}, misses ${r.misses}` +
      `, CPU per mail: mailer ${r.mailerCpuMsPerMail.toFixed(2)} ms, SES stand-in ${r.standInCpuMsPerMail.toFixed(2)} ms` +
      (r.inFlightAtCrash === null ? '' : `, sends in flight at the kill ${r.inFlightAtCrash}`),
  );
}

interface RunOptions {
  n: number;
  crash: boolean;
  dynamoEndpoint: string;
  sesEndpoint: string;
  child: ChildProcess;
}

async function run({ n, crash, dynamoEndpoint, sesEndpoint, child }: RunOptions): Promise<RunResult> {
  const aws = { endpoint: dynamoEndpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } };
  const tableName = `bench-${n}-${crash ? 'crash' : 'clean'}`;
  const client = new DynamoDBClient(aws);
  await ensureTable(client, tableName);
  client.destroy();
  const doc = createDocumentClient(aws);
  const app = createAppDeps(createDynamoStore({ doc, tableName }), parseConfig(rawConfig, { pageUrl: 'https://status.example.com' }));
  const emails = await seed(app, n, doc, tableName);
  await ask(child, 'reset');

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
  const mortal = (store: Store): Store =>
    Object.fromEntries(
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
  const realSender = sesMailerDeps({ app, tokens, ses: { endpoint: sesEndpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } }, fallbackSendRate: 1000 }).sender;
  const dyingSender: MailSender = {
    async send(mail) {
      if (dead) throw new Error('killed');
      if (crash && ++sends === Math.floor(n / 2)) {
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
  let current = crash ? build(mortal(app.store), dyingSender) : build(app.store);
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
    if (verbose && Math.round(performance.now() - started) % 5000 < 110) console.error(`${((performance.now() - started) / 1000).toFixed(0)} s: ${received} received${dead ? ' (killed)' : ''}`);
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
    crash,
    seconds,
    planMs,
    mailsPerSecond: n / seconds,
    peakRssMb: peakRss / 2 ** 20,
    peakHeapMb: peakHeap / 2 ** 20,
    received: tally.received,
    duplicates,
    misses,
    inFlightAtCrash,
    mailerCpuMsPerMail: (cpu.user + cpu.system) / 1000 / n,
    standInCpuMsPerMail: standInCpuMs / n,
  };
}

/** N confirmed subscribers, written straight to the table (25 a BatchWriteItem, 16 at a time). */
async function seed(app: AppDeps, n: number, doc: ReturnType<typeof createDocumentClient>, tableName: string): Promise<string[]> {
  const at = new Date().toISOString();
  const emails = Array.from({ length: n }, (_, i) => `subscriber-${i}@example.com`);
  const items = emails.map((email) => {
    const subscriber: Subscriber = {
      id: subscriberIdFor(email),
      email,
      status: 'confirmed',
      components: [],
      source: 'import',
      created_at: at,
      updated_at: at,
      confirmed_at: at,
      confirm_requested_at: null,
      version: 1,
    };
    return { PutRequest: { Item: subscriberItem(subscriber) } };
  });
  const chunk = 400;
  const queue = Array.from({ length: Math.ceil(items.length / chunk) }, (_, i) => items.slice(i * chunk, (i + 1) * chunk));
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await batchWrite({ doc, tableName }, next);
    }),
  );
  void app;
  return emails;
}
