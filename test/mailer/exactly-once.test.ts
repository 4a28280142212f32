// Each confirmed subscriber gets one mail per notifying change, whatever is retried, replayed or
// crashes (deliver.ts says which edge stays at-least-once, and the last tests show it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import { IncidentSchema } from '#api/schemas';
import type { CapturedMail } from '#local/mail-message';
import { crashable } from './support/faults';
import { createMailWorld, type MailWorld } from './support/fixture';

/** Each describe below has a world of its own. */
let world: MailWorld;

/** `count` confirmed subscribers at `<prefix>-<n>@example.com`, imported in calls of 1,000. */
async function confirmedSubscribers(prefix: string, count: number): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, n) => `${prefix}-${n}@example.com`);
  for (let i = 0; i < emails.length; i += 1000) {
    const res = await world.api('POST', '/v1/subscribers', {
      subscribers: emails.slice(i, i + 1000).map((email) => ({ email })),
      confirmed: true,
    });
    expect(res.status).toBe(200);
  }
  return emails;
}

async function declare(title: string) {
  const res = await world.api('POST', '/v1/incidents', { title, severity: 'SEV1', message: 'Looking into it.' });
  expect(res.status).toBe(201);
  return IncidentSchema.parse(await res.json());
}

/** How many mails with this subject each address got. */
function tally(subject: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of world.mails.filter((m: CapturedMail) => m.subject === subject)) {
    for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

function expectExactlyOnce(subject: string, emails: string[]) {
  const counts = tally(subject);
  const missing = emails.filter((e) => !counts.has(e));
  const repeated = [...counts].filter(([, n]) => n > 1);
  expect({ missing, repeated, extra: counts.size - emails.length + missing.length }).toEqual({ missing: [], repeated: [], extra: 0 });
}

describe('exactly once', () => {
  beforeAll(async () => {
    world = await createMailWorld();
  });
  afterAll(() => world.close());

  it('sends nothing more when the whole stream batch is replayed, by the same mailer or another', async () => {
    const emails = await confirmedSubscribers('replay', 120);
    const mailer = world.mailer();
    await world.drain(mailer);
    await declare('Replayed');
    const { records } = await world.drain(mailer);
    expectExactlyOnce('[Investigating] Replayed', emails);

    // Lambda may deliver a batch again (a retry after a timeout, a re-created mapping)
    for (const again of [mailer, world.mailer()]) {
      for (let i = 0; i < records.length; i += 100) {
        const response = await again({ Records: records.slice(i, i + 100) });
        expect(response.batchItemFailures).toEqual([]);
      }
    }
    expectExactlyOnce('[Investigating] Replayed', emails);
  }, 120_000);

  it('sends each recipient once when two mailers take the same batches at the same time', async () => {
    const emails = await confirmedSubscribers('race', 150);
    // Two mailers running side by side in real time: their leases must be judged by time that
    // really passes. (In its jumping mode the world's clock leaps ahead on every sleep, so a
    // mailer waiting on the other's claims would see them lapse after a moment and resend.)
    world.clock.paceInRealTime();
    const first = world.mailer();
    await world.drain(first);
    await declare('Raced');
    const planning = await world.stream.next();
    await first({ Records: planning });
    const batches = await world.stream.next();
    const second = world.mailer();
    const [a, b] = await Promise.all([first({ Records: batches }), second({ Records: batches })]);
    expect([...a.batchItemFailures, ...b.batchItemFailures]).toEqual([]);
    await world.drain(first);
    expectExactlyOnce('[Investigating] Raced', [...emails, ...Array.from({ length: 120 }, (_, n) => `replay-${n}@example.com`)]);
  }, 120_000);
});

describe('crashes', () => {
  let everyone: string[] = [];
  beforeAll(async () => {
    // A world of its own: only these are subscribed.
    world = await createMailWorld();
    everyone = await confirmedSubscribers('crash', 130);
    await world.drain(world.mailer());
  });
  afterAll(() => world.close());

  it('resumes a fan-out whose planner died between two steps, without losing or repeating anyone', async () => {
    // Prepare: a planner that reads 40 subscribers a step and dies right after its second step landed
    const dead = crashable(world.deps.store, world.mailerDeps().sender);
    let steps = 0;
    dead.before = (call) => (call === 'notifications.appendBatches' && ++steps === 2 ? 'crash-after' : undefined);
    const dying = world.mailer({ store: dead.store, sender: dead.sender, planPageSize: 40 });
    await declare('Planner died');

    // Act: the dying mailer gets the update; a new one gets the same record again, then the rest
    const planning = await world.stream.next();
    const died = await dying({ Records: planning });
    expect(died.batchItemFailures.length).toBeGreaterThan(0);
    const survivor = world.mailer({ planPageSize: 40 });
    expect((await survivor({ Records: planning })).batchItemFailures).toEqual([]);
    await world.drain(survivor);

    // Assess
    expectExactlyOnce('[Investigating] Planner died', everyone);
  });

  it('sends the claimed but unsent recipients after the dead sender\u2019s lease runs out', async () => {
    // Prepare: one send at a time, and the process dies as it is about to call SES the 30th time
    const dead = crashable(world.deps.store, world.mailerDeps().sender);
    let sends = 0;
    let marked = 0; // 'sent' marks written before the crash (each lands)
    dead.before = (call, args) => {
      if (call === 'ses.send' && ++sends === 30) dead.crash();
      if (call === 'sendLedger.markSent') marked += (args[0] as Array<{ messageId: string }>).filter((m) => m.messageId !== 'round').length;
    };
    const dying = world.mailer({ store: dead.store, sender: dead.sender, maxInFlight: 1, recordConcurrency: 1 });
    await declare('Sender died before SES');
    const { failed } = await world.drain(dying, { allowFailures: true });
    expect(failed.length).toBeGreaterThan(0);
    expect(tally('[Investigating] Sender died before SES').size).toBe(29);

    // Act: Lambda retries the failed records with a new process; it waits out the dead one's lease
    const started = world.clock.now();
    const survivor = world.mailer();
    for (const record of failed) expect((await survivor({ Records: [record] })).batchItemFailures).toEqual([]);
    await world.drain(survivor);

    // Assess: everyone exactly once. With one send in flight, a send holds its place in the pool
    // until its 'sent' mark is durable (send-pool.ts), so the 30th send could not start before
    // the 29th mark was written: nothing SES took was left unmarked (before that backpressure, a
    // mark queued behind earlier marks' writes could be, and its mail went twice).
    expect(marked).toBe(29);
    const counts = tally('[Investigating] Sender died before SES');
    expect(everyone.filter((e) => !counts.has(e))).toEqual([]);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    expect(world.clock.now() - started).toBeGreaterThanOrEqual(100_000); // it did wait for the lease
  });

  it('sends again only the one mail SES took just before the sender died (the at-least-once edge)', async () => {
    // Prepare: the process dies right after SES accepted a message, before its 'sent' mark
    const dead = crashable(world.deps.store, world.mailerDeps().sender);
    let accepted: string | undefined;
    dead.before = (call, args) => {
      if (call === 'ses.send' && !accepted) accepted = (args[0] as { to: string }).to;
      if (call === 'sendLedger.markSent' && accepted) dead.crash();
    };
    const dying = world.mailer({ store: dead.store, sender: dead.sender, maxInFlight: 1, recordConcurrency: 1 });
    await declare('Sender died after SES');
    const { failed } = await world.drain(dying, { allowFailures: true });
    const subject = '[Investigating] Sender died after SES';
    expect(tally(subject)).toEqual(new Map([[accepted!, 1]]));

    // Act 1: a retry while the dead sender's lease still runs sends everyone but what the dead
    // sender had claimed (that one and the rest of its round of claims), and reports that record
    const hurried = world.mailer({ safetyMarginMs: 0 });
    const early: DynamoDBRecord[] = [];
    for (const record of failed) {
      const response = await hurried({ Records: [record] }, { getRemainingTimeInMillis: () => 5_000 });
      if (response.batchItemFailures.length > 0) early.push(record);
    }
    expect(early).toHaveLength(1);
    expect(tally(subject).get(accepted!)).toBe(1);
    expect([...tally(subject).values()].every((n) => n === 1)).toBe(true);
    expect(tally(subject).size).toBeLessThan(everyone.length);

    // Act 2: once the lease has run out, the record's next retry sends it again
    world.clock.advance(120_000);
    expect((await world.mailer()({ Records: early })).batchItemFailures).toEqual([]);

    // Assess: everyone once, except the one SES took as the sender died: twice
    const counts = tally(subject);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([[accepted!, 2]]);
    expect(counts.size).toBe(everyone.length);
  });
});
