// Fan-out under SES's real limit, and against the stand-in's own floor.
//
// Throttled: the SES stand-in enforces an account's MaxSendRate (functions/local/ses-rate-limit.ts:
// Throttling past it, GetSendQuota answered), and one notifying incident goes to N confirmed
// subscribers through the real pipeline (DynamoDB Local and its stream, the local stream poller,
// the mailer reading MaxSendRate from GetSendQuota, its send pool, the ledger). Printed: achieved
// rate ÷ MaxSendRate (over the declaration to the last mail, and over the first mail to the last),
// throttling answers per 1,000 mails, duplicates, misses. After each throttled fan-out, on its own
// DynamoDB Local, the ledger's floor (bench/support/ledger-floor.ts: conditional puts a second, and
// the mails a second the send ledger alone sustains as the mailer uses it), with achieved ÷
// min(MaxSendRate, that): a MaxSendRate above what DynamoDB Local takes here cannot be reached.
//
// Unthrottled: the same fan-out with no rate enforced (GetSendQuota says 1,000,000/s), then the
// floor in the same run: the same mail composed (the same rendered notification, a token per
// recipient; spliced from its compiled mail and sent with the mailer's own SendRawEmail, as the
// mailer does: BENCH_FLOOR=sdk composes with nodemailer from scratch and sends through the SDK, the
// floor before those) and sent to the same stand-in, 64 in flight, nothing of Herald's pipeline. Printed: Herald ÷ floor. The floor runs right after Herald's unthrottled run
// and once more after the throttled runs; the ratio uses the faster of the two (the stricter).
//
// At each MaxSendRate, CPU a mail beside its floor at that rate: the paced floor composes and sends
// the same mail with the mailer's own SendRawEmail at 0.95 × the rate (8 s of it), nothing else, so
// its CPU a mail is what one send a mail costs this machine at that pace (a process woken 50 times
// a second pays more a mail than one kept busy: measured here, 1.6 ms at 50/s, 0.5 ms at 500/s).
// The fan-out's figure is this whole process, the local stream poller included: its reads of the
// stream every 20 ms (AWS's pollers on Lambda, not the mailer's CPU) are measured on the idle stream
// right after and printed beside it (an upper bound of their share: idle, each read wakes the
// process, which costs more than a read while it is busy).
// Unthrottled, the ledger's floor is measured too and Herald's time printed against the larger of
// the send floor and the ledger alone's time (every mail needs its durable record), and against the
// time the two need together on this machine's cores: the send floor's CPU a mail (this process
// and the stand-in) plus the ledger's (this process and DynamoDB Local), times the mails, ÷ cores.
//
// CPU per mail: the mailer's compose + send path alone (the recipient's manage token, the mail,
// SendRawEmail through the SDK with its signing and its answer parsed), with an SES client that
// answers at once (no network, no waiting), 64 in flight: composed from scratch per mail (as before
// compiled-mail.ts) and spliced from the notification's compiled mail (as the mailer does now).
//
// A small fan-out warms the process up first (not counted). The stand-in runs in a child process
// of its own per configuration (it counts what it receives per recipient), so the figures are the
// mailer's; it answers SendRawEmail itself (startSesLocal's answerRawSends), without the stand-in's
// parse and store of every mail (until 2026-12-04 it passed them on: ~2.6 ms of its CPU a mail, on
// the cores the mailer and DynamoDB Local share; its CPU a mail is printed). Other work shares the
// machine's cores: every figure is taken under that load (the load average is printed), so
// compare ratios, not seconds.
//
// Run: npm run bench:mail:rate                      (10,000 subscribers: unthrottled and its floor, 50/s, 500/s)
//      npx tsx bench/mail-rate.ts 2000 --rates none,500   (BENCH_VERBOSE=1 for progress)
//      npx tsx bench/mail-rate.ts --cpu-only              (the CPU per mail alone)
import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { createAppDeps } from '#app/deps';
import { declareIncident } from '#app/incidents/declare-incident';
import type { Notification, NotificationContent } from '#app/notifications/notification';
import type { Subscriber } from '#app/subscriptions/subscriber';
import { dynamoDbLocalPid } from './support/import-floor';
import { ledgerFloor, type LedgerFloor } from './support/ledger-floor';
import { confirmedSubscriber, seedConfirmedSubscribers } from './support/seed-subscribers';
import { manageTokenFor } from '#app/subscriptions/manage-token';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { sesMailerDeps } from '#adapters/ses/mailer-deps';
import { sesMailSender } from '#adapters/ses/ses-mail-sender';
import { sesRawMailSender } from '#adapters/ses/ses-raw-sender';
import { parseConfig } from '#config/config';
import { startDynamoDbLocal } from '#local/dynamodb-local';
import { ensureTable } from '#local/ensure-table';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { startSesLocal } from '#local/ses-local';
import { createStreamPoller } from '#local/stream-poller';
import { compileMail } from '#mailer/compiled-mail';
import { composeMail } from '#mailer/compose';
import { notificationMailFor, tagValue } from '#mailer/send-batch';
import { SendFailure, type MailSender } from '#mailer/ports';
import { createMailerHandler, recordWorkers } from '#mailer/stream-handler';
import { renderNotificationMail } from '#mailer/templates/notification-mail';
import rawConfig from '../herald.config.json' with { type: 'json' };

quietSdkNodeWarning();

const verbose = process.env.BENCH_VERBOSE === '1';
const config = parseConfig(rawConfig, { pageUrl: 'https://status.example.com' });
const sesConfig = (endpoint: string) => ({ endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });

// ---- the SES stand-in's process: enforces the rate (or not), counts recipients ----

interface Tally {
  received: number;
  counts: Record<string, number>;
  throttled: number;
  /** Child-process performance.now() of the first and last accepted mail since the last reset. */
  firstMs: number;
  lastMs: number;
  /** The stand-in process's CPU (user + system) since the last reset, ms. */
  cpuMs: number;
  /** Pauses of 100 ms or more between two accepted mails: [ms after the first mail, pause ms]. */
  pauses: Array<[number, number]>;
}

if (process.argv.includes('--ses-child')) {
  const rateArg = process.argv[process.argv.indexOf('--ses-child') + 1];
  const maxSendRate = rateArg === 'none' ? Number.POSITIVE_INFINITY : Number(rateArg);
  let received = 0;
  let counts = new Map<string, number>();
  let firstMs = 0;
  let lastMs = 0;
  let throttledAtReset = 0;
  let cpuAtReset = process.cpuUsage();
  let pauses: Array<[number, number]> = [];
  const ses = await startSesLocal({
    limits: { maxSendRate },
    // SendRawEmail answered by the front (rate enforced, recipients counted) without the stand-in's
    // parse and store of every mail: that cost ~2.6 ms of CPU a mail here, more than the mailer's
    // own, on the machine the mailer shares (SES's work is not on the mailer's machine).
    answerRawSends: true,
    onMessage: async ({ destinations }) => {
      const at = performance.now();
      if (received === 0) firstMs = at;
      else if (at - lastMs >= 100) pauses.push([Math.round(lastMs - firstMs), Math.round(at - lastMs)]);
      lastMs = at;
      received++;
      for (const to of destinations) counts.set(to, (counts.get(to) ?? 0) + 1);
    },
  });
  process.on('message', (message: { kind: string }) => {
    const throttled = ses.rateLimit!.throttled - throttledAtReset;
    if (message.kind === 'received') process.send!({ kind: 'received', received });
    if (message.kind === 'tally') {
      const cpu = process.cpuUsage(cpuAtReset);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      process.send!({ kind: 'tally', received, counts: Object.fromEntries(counts), throttled, firstMs, lastMs, cpuMs, pauses } satisfies Tally & { kind: string });
    }
    if (message.kind === 'reset') {
      received = 0;
      counts = new Map();
      throttledAtReset = ses.rateLimit!.throttled;
      cpuAtReset = process.cpuUsage();
      pauses = [];
      process.send!({ kind: 'reset' });
    }
  });
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

async function startChild(rate: number | 'none'): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = fork(fileURLToPath(import.meta.url), ['--ses-child', String(rate)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { endpoint } = await new Promise<{ endpoint: string }>((resolve) => child.once('message', (m) => resolve(m as { endpoint: string })));
  return { child, endpoint };
}

// ---- the benchmark ----


interface FanOut {
  seconds: number;
  sendSeconds: number;
  received: number;
  throttled: number;
  duplicates: number;
  misses: number;
  mailerCpuMsPerMail: number;
  /** The SES stand-in's own process (not the mailer's), from the reset before the fan-out to its tally after. */
  standInCpuMsPerMail: number;
  /** Pauses of 100 ms or more between two mails the stand-in accepted: [ms after the first mail, pause ms]. */
  pauses: Array<[number, number]>;
  /** DynamoDB requests a mail by command, from the declaration to the last mail. */
  requestsPerMail: string;
  load: number;
  notification: Notification;
  /** DynamoDB Local's floor for the ledger, measured on the fan-out's own instance right after it. */
  ledger?: LedgerFloor;
  /**
   * The local stream poller's CPU a second while the stream is idle (it reads every 20 ms), measured
   * in this process right after a throttled fan-out (options.measureIdle): counted in mailerCpuMsPerMail, though on AWS Lambda's
   * own pollers read the stream.
   */
  pollerIdleCpuMsPerSecond?: number;
}

/** A run of the send floor: its time, and its CPU a mail in this process and in the stand-in's. */
interface SendFloor {
  seconds: number;
  cpuMsPerMail: number;
  standInCpuMsPerMail: number;
}

async function main() {
  const argv = process.argv.slice(2);
  const ratesAt = argv.indexOf('--rates');
  const rates = (ratesAt >= 0 ? argv[ratesAt + 1]!.split(',') : ['none', '50', '500']).map((r) => (r === 'none' ? 'none' : Number(r)));
  const n = Number(argv.find((a, i) => /^\d+$/.test(a) && i !== ratesAt + 1) ?? 10_000);
  console.log(`${n.toLocaleString('en')} subscribers; ${cpus().length} cores shared with other work (load average ${loadavg()[0]!.toFixed(1)} at the start)`);
  // --no-cpu: skip the CPU-per-mail measure (e.g. under node --cpu-prof, to profile the fan-outs alone).
  const cpu = argv.includes('--no-cpu') ? undefined : await cpuPerMail(3_000);
  if (argv.includes('--cpu-only')) return;

  // The process's first fan-out runs cold (its code not yet compiled by V8): measured, it came out
  // ~1.5–2× slower than the same fan-out run second. A small unthrottled one first, not counted.
  {
    const stand = await startChild('none');
    try {
      const warm = await fanOut(Math.min(n, 500), stand);
      console.log(`warm-up (not counted): ${Math.min(n, 500)} mails in ${warm.seconds.toFixed(1)} s`);
    } finally {
      stand.child.kill();
    }
  }

  const rows: Array<Record<string, string | number>> = [];
  let notification: Notification | undefined;
  /** The unthrottled send floor, after Herald's unthrottled run and again after the throttled ones. */
  const floors: SendFloor[] = [];
  let herald: FanOut | undefined;
  let floorEndpoint: { child: ChildProcess; endpoint: string } | undefined;
  try {
    for (const rate of rates) {
      const stand = await startChild(rate);
      try {
        const result = await fanOut(n, stand, { ledgerFloorAt: rate === 'none' ? Number.POSITIVE_INFINITY : rate, measureIdle: rate !== 'none' });
        notification = result.notification;
        const r = rate === 'none' ? null : rate;
        const achieved = n / result.seconds;
        const achievedSending = (n - 1) / result.sendSeconds;
        // What this machine could send at all just now: the floor measured earlier in this run.
        const ceiling = r && floors.length > 0 ? Math.min(r, n / floors[0]!.seconds) : null;
        console.log(
          `MaxSendRate ${r ?? 'unlimited'}: ${result.seconds.toFixed(1)} s from the declaration to the last mail, ${achieved.toFixed(1)} mails/s` +
            (r ? ` = ${(achieved / r).toFixed(3)} × MaxSendRate (first to last mail: ${achievedSending.toFixed(1)}/s = ${(achievedSending / r).toFixed(3)} ×)` : '') +
            (ceiling !== null && r !== null && ceiling < r ? `; the floor's own rate here was ${ceiling.toFixed(1)}/s: achieved ÷ that = ${(achieved / ceiling).toFixed(3)}` : '') +
            `; throttling answers ${result.throttled} (${((result.throttled / n) * 1000).toFixed(1)} per 1,000 mails); ` +
            `received ${result.received}, duplicates ${result.duplicates}, misses ${result.misses}; mailer CPU ${result.mailerCpuMsPerMail.toFixed(2)} ms/mail (load ${result.load.toFixed(1)})`,
        );
        const longest = [...result.pauses].sort((a, b) => b[1] - a[1]).slice(0, 5);
        console.log(
          `  from the declaration to the first mail ${(result.seconds - result.sendSeconds).toFixed(2)} s; pauses of 0.1 s or more between mails: ${result.pauses.length}, ` +
            `${(result.pauses.reduce((sum, [, ms]) => sum + ms, 0) / 1000).toFixed(2)} s in all` +
            (longest.length > 0 ? ` (longest: ${longest.map(([at, ms]) => `${ms} ms at ${(at / 1000).toFixed(1)} s`).join(', ')})` : ''),
        );
        console.log(
          `  DynamoDB requests a mail (the mailer's, by command): ${result.requestsPerMail}; the SES stand-in's own process: ${result.standInCpuMsPerMail.toFixed(2)} ms CPU a mail`,
        );
        let paced: SendFloor | undefined;
        if (r !== null) {
          // The machine's floor for CPU a mail at this rate: the mail composed and sent with the
          // mailer's own SendRawEmail at the rate, nothing else (no DynamoDB, no stream, no ledger).
          paced = await floor(Math.min(n, r * 8), stand, result.notification, { perSecond: r * 0.95 });
          const idle = result.pollerIdleCpuMsPerSecond ?? 0;
          const polling = (idle * result.seconds) / n;
          console.log(
            `  CPU a mail: this process ${result.mailerCpuMsPerMail.toFixed(2)} ms, the paced floor ${paced.cpuMsPerMail.toFixed(2)} ms: Herald ÷ paced floor = ${(result.mailerCpuMsPerMail / paced.cpuMsPerMail).toFixed(2)}; ` +
              `this process's figure holds the local stream poller's reads every 20 ms (AWS's pollers on Lambda): idle, with nothing else to do but those, it costs ${idle.toFixed(1)} ms a second here, ` +
              `up to ${polling.toFixed(2)} ms a mail at this rate (less while the process is busy: a woken process pays more a request)`,
          );
        }
        if (result.ledger && r !== null) {
          const { conditionalPutsPerSecond: puts, ledgerMailsPerSecond: ledgerRate } = result.ledger;
          console.log(
            `  ledger floor on the same DynamoDB Local right after: ${puts.toFixed(0)} conditional puts/s (64 callers); ` +
              `the ledger alone (per round of 25: claim, read, marks; ${recordWorkers(r)} records of 50 at once as the mailer's, no SES) ${ledgerRate.toFixed(0)} mails/s; ` +
              `achieved ÷ min(MaxSendRate, ledger alone) = ${(achieved / Math.min(r, ledgerRate)).toFixed(3)} (load ${loadavg()[0]!.toFixed(1)})`,
          );
        }
        rows.push({
          MaxSendRate: r ?? 'unlimited',
          'wall s': result.seconds.toFixed(1),
          'mails/s': achieved.toFixed(1),
          'achieved ÷ MaxSendRate': r ? (achieved / r).toFixed(3) : '',
          'same, first→last mail': r ? (achievedSending / r).toFixed(3) : '',
          '÷ min(MaxSendRate, floor rate)': ceiling !== null ? (achieved / ceiling).toFixed(3) : '',
          'ledger floor mails/s': result.ledger ? result.ledger.ledgerMailsPerSecond.toFixed(0) : '',
          'cond. puts/s': result.ledger ? result.ledger.conditionalPutsPerSecond.toFixed(0) : '',
          '÷ min(MaxSendRate, ledger floor)': result.ledger && r ? (achieved / Math.min(r, result.ledger.ledgerMailsPerSecond)).toFixed(3) : '',
          'throttles per 1,000': ((result.throttled / n) * 1000).toFixed(1),
          duplicates: result.duplicates,
          misses: result.misses,
          'mailer CPU ms/mail': result.mailerCpuMsPerMail.toFixed(2),
          'paced floor ms/mail': paced ? paced.cpuMsPerMail.toFixed(2) : '',
          'poller idle ms/s': result.pollerIdleCpuMsPerSecond?.toFixed(0) ?? '',
          load: result.load.toFixed(1),
        });
        if (rate === 'none') {
          herald = result;
          floors.push(await floor(n, stand, result.notification));
        }
      } finally {
        if (rate === 'none') floorEndpoint = stand;
        else stand.child.kill();
      }
    }
    if (herald && floorEndpoint && notification && rates.length > 1) floors.push(await floor(n, floorEndpoint, notification));
  } finally {
    floorEndpoint?.child.kill();
  }

  console.log('\nsummary (every figure under the shared load printed; ratios are within this run)');
  console.table(rows);
  if (cpu) console.log(
    `mailer CPU per mail, compose + send path (token, mail, SendRawEmail via the SDK; SES answering at once): ` +
      `composed from scratch ${cpu.scratch.toFixed(3)} ms (compose alone ${cpu.scratchCompose.toFixed(3)}), ` +
      `spliced ${cpu.spliced.toFixed(3)} ms (compose alone ${cpu.splicedCompose.toFixed(3)}) (target ≤ 1 ms; load ${cpu.load.toFixed(1)}); ` +
      `over loopback HTTP: SDK ${cpu.overHttp.sdk.toFixed(3)} ms, the mailer's own SendRawEmail ${cpu.overHttp.own.toFixed(3)} ms`,
  );
  if (herald && floors.length > 0) {
    const best = Math.min(...floors.map((f) => f.seconds));
    console.log(
      `unthrottled: Herald ${herald.seconds.toFixed(1)} s for ${n.toLocaleString('en')} mails; the floor (compose + SendRawEmail, 64 in flight, no Herald) ` +
        `${floors.map((f) => `${f.seconds.toFixed(1)} s`).join(' and ')}; Herald ÷ floor = ${(herald.seconds / best).toFixed(2)} (target ≤ 1.5)`,
    );
    // Sending each mail once and no more needs a durable record of it: the ledger alone (no SES)
    // bounds the fan-out from below as the send floor does.
    if (herald.ledger) {
      const ledgerSeconds = n / herald.ledger.ledgerMailsPerSecond;
      const both = Math.max(best, ledgerSeconds);
      console.log(
        `  the ledger alone on the same DynamoDB Local (claim, read, marks; ${recordWorkers(Number.POSITIVE_INFINITY)} records of 50 at once, no SES): ` +
          `${herald.ledger.ledgerMailsPerSecond.toFixed(0)} mails/s = ${ledgerSeconds.toFixed(1)} s for ${n.toLocaleString('en')}; ` +
          `Herald ÷ max(send floor, ledger alone) = ${(herald.seconds / both).toFixed(2)}`,
      );
      // Both at once on this machine's cores: the send floor's CPU (this process and the stand-in)
      // and the ledger's (this process and DynamoDB Local) cannot take less than their sum ÷ cores.
      const sendCpu = Math.min(...floors.map((f) => f.cpuMsPerMail + f.standInCpuMsPerMail));
      const cpuBound = (n * (sendCpu + herald.ledger.ledgerCpuMsPerMail)) / cpus().length / 1000;
      const floorOfBoth = Math.max(best, ledgerSeconds, cpuBound);
      console.log(
        `  CPU a mail: the send floor ${sendCpu.toFixed(2)} ms (this process and the stand-in), the ledger alone ${herald.ledger.ledgerCpuMsPerMail.toFixed(2)} ms ` +
          `(this process and DynamoDB Local); both on ${cpus().length} cores need at least ${cpuBound.toFixed(1)} s for ${n.toLocaleString('en')}; ` +
          `Herald ÷ max(send floor, ledger alone, that) = ${(herald.seconds / floorOfBoth).toFixed(2)}`,
      );
    }
  }
}

/** One notifying incident to n confirmed subscribers through the whole pipeline, on its own DynamoDB Local. */
async function fanOut(
  n: number,
  { child, endpoint: sesEndpoint }: { child: ChildProcess; endpoint: string },
  options: { ledgerFloorAt?: number; measureIdle?: boolean } = {},
): Promise<FanOut> {
  const dynamo = await startDynamoDbLocal({});
  try {
    const aws = { endpoint: dynamo.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } };
    const tableName = `bench-rate-${n}`;
    const client = new DynamoDBClient(aws);
    await ensureTable(client, tableName);
    client.destroy();
    const doc = createDocumentClient(aws);
    const app = createAppDeps(createDynamoStore({ doc, tableName }), config);
    const emails = await seedConfirmedSubscribers(n, doc, tableName);
    // The mailer's DynamoDB requests (the stream's reads are the poller's own client), by command.
    const requests = new Map<string, number>();
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        requests.set(context.commandName ?? '?', (requests.get(context.commandName ?? '?') ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchRequestCount' },
    );
    await ask(child, 'reset');

    const quiet = {
      info: () => {},
      error: (message: string, fields?: Record<string, unknown>) => void (verbose ? console.error(message, JSON.stringify(fields)) : undefined),
    };
    const tokens = createSubscriptionTokens(async () => 'bench-secret-0123456789-0123456789-0123456789');
    // The mailer as deployed: MaxSendRate from GetSendQuota (which the stand-in now answers).
    const deps = sesMailerDeps({ app, tokens, ses: sesConfig(sesEndpoint), fallbackSendRate: 1, log: quiet });
    const handler = createMailerHandler({ ...deps, log: quiet });

    const checkpointDir = await mkdtemp(join(tmpdir(), 'herald-bench-mail-rate-'));
    const poller = createStreamPoller({
      dynamodb: aws,
      tableName,
      checkpointDir,
      consumers: [{ name: 'mailer', handler, batchSize: 100 }],
      pollIntervalMs: 20,
      logger: { info: () => {}, error: () => {} },
    });
    await poller.start();
    await poller.waitForIdle(600_000);

    const load = loadavg()[0]!;
    requests.clear();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const incident = await declareIncident(
      app,
      { title: 'Checkout is failing', severity: 'SEV1', message: 'Payments fail for **most** customers. We are on it.' },
      { actor: 'bench', now: new Date().toISOString() },
    );
    const notificationId = `incident#${incident.id}#1`;
    for (let tick = 0; ; tick++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { received } = await ask<{ received: number }>(child, 'received');
      if (verbose && tick % 50 === 0) console.error(`${((performance.now() - started) / 1000).toFixed(0)} s: ${received} received`);
      if (received >= n) break;
      if (performance.now() - started > 30 * 60_000) throw new Error(`gave up: ${received} of ${n} received`);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const requestsPerMail = [...requests].map(([command, count]) => `${command.replace(/Command$/, '')} ${(count / n).toFixed(3)}`).join(', ');
    await poller.waitForIdle(600_000);
    const pollerIdleCpuMsPerSecond = options.measureIdle ? await idleCpuMsPerSecond(5_000) : undefined;
    await poller.stop();
    deps.ses.destroy();
    await rm(checkpointDir, { recursive: true, force: true });

    const tally = await ask<Tally>(child, 'tally');
    let duplicates = 0;
    for (const count of Object.values(tally.counts)) duplicates += Math.max(0, count - 1);
    const notification = await app.store.notifications.get(notificationId);
    if (!notification) throw new Error(`no notification ${notificationId}`);
    const ledger =
      options.ledgerFloorAt !== undefined
        ? await ledgerFloor(doc, tableName, { seconds: 4, run: `${n}`, workers: recordWorkers(options.ledgerFloorAt), dynamoDbPid: dynamoDbLocalPid(String(dynamo.port)) })
        : undefined;
    return {
      ledger,
      pollerIdleCpuMsPerSecond,
      seconds,
      sendSeconds: (tally.lastMs - tally.firstMs) / 1000,
      received: tally.received,
      throttled: tally.throttled,
      duplicates,
      misses: emails.filter((e) => !tally.counts[e]).length,
      mailerCpuMsPerMail: (cpu.user + cpu.system) / 1000 / n,
      standInCpuMsPerMail: tally.cpuMs / n,
      pauses: tally.pauses,
      requestsPerMail,
      load,
      notification,
    };
  } finally {
    await dynamo.stop();
  }
}

/** This process's CPU a second over `ms` of doing nothing but what runs in the background. */
async function idleCpuMsPerSecond(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (performance.now() - started);
}

/**
 * The stand-in's floor: the same notification's mail composed per recipient (its own links) and
 * sent with SendRawEmail, 64 in flight, on an SES client built as the mailer's is. No DynamoDB,
 * no planner, no ledger, no tokens signed.
 */
async function floor(
  n: number,
  { child, endpoint }: { child: ChildProcess; endpoint: string },
  notification: Notification,
  options: { perSecond?: number } = {},
): Promise<SendFloor> {
  await ask(child, 'reset');
  const page = config.page;
  const mail = renderNotificationMail(notification, page);
  const floorMail = notificationMailFor(page, config.email.from, mail);
  const ses = new SESClient({
    maxAttempts: 1,
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: 128 } },
    ...sesConfig(endpoint),
  });
  // The same pieces the mailer sends with now (BENCH_FLOOR=sdk: the SDK's SendRawEmail and a mail
  // composed from scratch, the floor as it was before the mailer had its own of either).
  const sdk = process.env.BENCH_FLOOR === 'sdk';
  const viaSdk = sesMailSender({ client: ses, configurationSet: config.email.configuration_set });
  const sender = sdk ? viaSdk : sesRawMailSender({ client: ses, configurationSet: config.email.configuration_set }, viaSdk);
  const compiled = await compileMail(floorMail);
  const compose = (to: string, token: string) => (sdk ? composeMail({ ...floorMail(token), to }) : compiled.compose(to, token));
  const tags = { 'herald-mail': 'notification', 'herald-notification': tagValue(notification.id) };
  let next = 0;
  let retries = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // Paced (options.perSecond): mail k starts at k / perSecond s, as a mailer held to a MaxSendRate
  // sends; otherwise each of the 64 places sends its next mail as soon as its last is answered.
  const paced = async (k: number) => {
    const wait = started + (k * 1000) / options.perSecond! - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < n) {
        const k = next++;
        if (options.perSecond) await paced(k);
        const to = `floor-${k}@example.com`;
        const token = randomBytes(48).toString('base64url');
        const raw = await compose(to, token);
        // A reset connection (the machine under load) is retried here and counted: the floor
        // measures time, and the stand-in's tally says whether a retry sent a mail twice.
        for (;;) {
          try {
            await sender.send({ raw, to, tags });
            break;
          } catch (error) {
            if (!(error instanceof SendFailure && error.kind === 'unknown') || ++retries > 100) throw error;
          }
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerMail = (cpu.user + cpu.system) / 1000 / n;
  ses.destroy();
  const tally = await ask<Tally>(child, 'tally');
  console.log(
    `${options.perSecond ? `  paced floor (${options.perSecond.toFixed(1)} mails/s, ` : 'floor ('}${sdk ? 'SDK, composed from scratch' : "the mailer's own SendRawEmail, spliced"}): ` +
      `${n.toLocaleString('en')} mails composed and sent in ${seconds.toFixed(1)} s (${Math.round(n / seconds)} mails/s), ${cpuMsPerMail.toFixed(2)} ms CPU a mail, ` +
      `received ${tally.received}, throttled ${tally.throttled}, resent after a reset ${retries} (load ${loadavg()[0]!.toFixed(1)})`,
  );
  return { seconds, cpuMsPerMail, standInCpuMsPerMail: tally.cpuMs / n };
}


/**
 * CPU per mail of the mailer's compose + send path, nothing waited for: the manage token, the mail
 * (composed from scratch, or spliced), SendRawEmail through the SDK (serialising, signing, the
 * answer parsed) with a request handler that answers at once. 64 in flight, after a warm-up.
 */
async function cpuPerMail(n: number) {
  const page = config.page;
  const content: NotificationContent = {
    kind: 'incident',
    subject_id: 'INC-20261203-1200',
    seq: 1,
    title: 'Checkout is failing',
    status: 'investigating',
    message: 'Payments fail for **most** customers. We are on it.',
    posted_at: '2026-12-03T12:00:00.000Z',
    window: null,
    affected: [{ name: 'Checkout', status: 'major_outage' }],
    components: [],
    next_update_at: '2026-12-03T12:30:00.000Z',
  };
  const mailFor = notificationMailFor(page, config.email.from, renderNotificationMail(content, page));
  const compiled = await compileMail(mailFor);
  if (!compiled.spliced) throw new Error(`the bench's mail is not spliced: ${compiled.reason}`);
  const answer = Buffer.from(
    '<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>0100-bench</MessageId></SendRawEmailResult>' +
      '<ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></SendRawEmailResponse>',
  );
  const { Readable } = await import('node:stream');
  const ses = new SESClient({
    region: localAwsRegion,
    credentials: { ...localAwsCredentials },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({ response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([answer]) } }),
    } as never,
  });
  const sender = sesMailSender({ client: ses, configurationSet: config.email.configuration_set });
  const tokens = createSubscriptionTokens(async () => 'bench-secret-0123456789-0123456789-0123456789');
  const tags = { 'herald-mail': 'notification', 'herald-notification': tagValue('incident#INC-20261203-1200#1') };
  const at = new Date(0).toISOString();
  const subscribers = Array.from({ length: n }, (_, i) => confirmedSubscriber(`cpu-${i}@example.com`, at));
  const scratch = async (s: Subscriber) => composeMail({ ...mailFor(await manageTokenFor(tokens, s, at)), to: s.email });
  const spliced = async (s: Subscriber) => compiled.compose(s.email, await manageTokenFor(tokens, s, at));
  const measure = async (work: (s: Subscriber) => Promise<unknown>) => {
    let next = 0;
    const run = (count: number) =>
      Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < count) await work(subscribers[next++]!);
        }),
      );
    await run(Math.min(500, n)); // warm-up, not counted
    next = 0;
    const before = process.cpuUsage();
    await run(n);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / n;
  };
  const send = (compose: (s: Subscriber) => Promise<Buffer>) => async (s: Subscriber) => sender.send({ raw: await compose(s), to: s.email, tags });
  const load = loadavg()[0]!;
  const result = {
    scratchCompose: await measure(scratch),
    splicedCompose: await measure(spliced),
    scratch: await measure(send(scratch)),
    spliced: await measure(send(spliced)),
    load,
    overHttp: { sdk: 0, own: 0 },
  };
  ses.destroy();
  console.log(
    `CPU per mail (${n.toLocaleString('en')} mails, 64 in flight, SES answering at once): from scratch ${result.scratch.toFixed(3)} ms ` +
      `(compose ${result.scratchCompose.toFixed(3)}), spliced ${result.spliced.toFixed(3)} ms (compose ${result.splicedCompose.toFixed(3)}) (load ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})`,
  );
  // The same spliced mails sent for real, over loopback HTTP to the stand-in in its own process
  // (its CPU is not this process's): the SDK's SendRawEmail against the mailer's own
  // (ses-raw-sender.ts, what sesMailerDeps sends with).
  const stand = await startChild('none');
  try {
    const deps = sesMailerDeps({ app: createAppDeps({} as never, config), tokens, ses: sesConfig(stand.endpoint), fallbackSendRate: 1 });
    const viaSdk = sesMailSender({ client: deps.ses, configurationSet: config.email.configuration_set });
    const over = (through: MailSender) => async (s: Subscriber) => through.send({ raw: await spliced(s), to: s.email, tags });
    result.overHttp.sdk = await measure(over(viaSdk));
    result.overHttp.own = await measure(over(deps.sender));
    result.overHttp.sdk = Math.min(result.overHttp.sdk, await measure(over(viaSdk)));
    result.overHttp.own = Math.min(result.overHttp.own, await measure(over(deps.sender)));
    deps.ses.destroy();
  } finally {
    stand.child.kill();
  }
  console.log(
    `CPU per mail sent over loopback HTTP to the stand-in (spliced, 64 in flight; best of two): SDK SendRawEmail ${result.overHttp.sdk.toFixed(3)} ms, ` +
      `the mailer's own ${result.overHttp.own.toFixed(3)} ms (load ${loadavg()[0]!.toFixed(1)})`,
  );
  return result;
}
