// A notification batch's mails are claimed a round of 25 recipients at a time (deliver-rounds.ts):
// one ledger write lets a sender through to 25 recipients, a finished round is skipped whole, and a
// recipient claimed on its own by a sender that still holds it is left to that sender.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import { IncidentSchema } from '#api/schemas';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import type { DeliveryJob } from '#mailer/deliver';
import { inRounds, roundKey } from '#mailer/deliver-rounds';
import { createMailWorld, type MailWorld } from './support/fixture';

let world: MailWorld;
beforeAll(async () => {
  world = await createMailWorld();
});
afterAll(() => world.close());

async function confirmedSubscribers(prefix: string, count: number): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, n) => `${prefix}-${n}@example.com`);
  expect((await world.api('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed: true })).status).toBe(200);
  await world.drain(world.mailer());
  return emails;
}

async function declare(title: string) {
  const res = await world.api('POST', '/v1/incidents', { title, severity: 'SEV2', message: 'Hm.' });
  expect(res.status).toBe(201);
  return IncidentSchema.parse(await res.json());
}

const countsOf = (subject: string) => {
  const counts = new Map<string, number>();
  for (const mail of world.mails.filter((m) => m.subject === subject)) for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
};

/** The world's store with its ledger's claims counted (every key asked for). */
function countingStore() {
  const ledger = world.deps.store.sendLedger;
  const claimed: string[] = [];
  const store = {
    ...world.deps.store,
    sendLedger: {
      ...ledger,
      claim: async (...args: Parameters<typeof ledger.claim>) => {
        claimed.push(...args[0]);
        return ledger.claim(...args);
      },
    },
  };
  return { store, claimed };
}

describe('rounds of 25', () => {
  it('claims each round of a batch with one write, and skips a finished round whole on a replay', async () => {
    // Prepare: 60 subscribers: batch 1 of 50 (two rounds) and batch 2 of 10 (one round)
    const emails = await confirmedSubscribers('rounds', 60);
    const counting = countingStore();
    const incident = await declare('Rounds of 25');
    const subject = '[Investigating] Rounds of 25';

    // Act
    const { records, failed } = await world.drain(world.mailer({ store: counting.store }));

    // Assess: three claims for 60 mails, everyone once, each round marked finished
    expect(failed).toEqual([]);
    const notificationId = `incident#${incident.id}#1`;
    const rounds = [roundKey(notificationId, 1, 0), roundKey(notificationId, 1, 1), roundKey(notificationId, 2, 0)];
    expect(counting.claimed.sort()).toEqual([...rounds].sort());
    expect(emails.map((e) => countsOf(subject).get(e))).toEqual(emails.map(() => 1));
    const entries = await world.deps.store.sendLedger.read(rounds);
    expect(rounds.map((r) => entries.get(r)?.state)).toEqual(['sent', 'sent', 'sent']);
    const recipients = await world.deps.store.sendLedger.read(emails.map((e) => `${notificationId}#${subscriberIdFor(e)}`));
    expect([...recipients.values()].filter((e) => e.state === 'sent')).toHaveLength(60);

    // Act again: the same records, to a new mailer
    const again = countingStore();
    const replay = world.mailer({ store: again.store });
    for (let i = 0; i < records.length; i += 100) expect((await replay({ Records: records.slice(i, i + 100) })).batchItemFailures).toEqual([]);

    // Assess: nothing claimed, nothing sent
    expect(again.claimed).toEqual([]);
    expect(emails.map((e) => countsOf(subject).get(e))).toEqual(emails.map(() => 1));
  });

  it('leaves a recipient claimed on its own by a live sender to it, and sends it once that claim has lapsed', async () => {
    // Prepare: 30 subscribers (one batch of two rounds); another sender holds one recipient's own
    // claim for a minute (a claim-per-recipient sender, as the mailer was before rounds)
    const emails = await confirmedSubscribers('held', 30);
    const incident = await declare('Held by another');
    const subject = '[Investigating] Held by another';
    const notificationId = `incident#${incident.id}#1`;
    const heldEmail = emails[27]!;
    const heldKey = `${notificationId}#${subscriberIdFor(heldEmail)}`;
    const now = world.clock.now();
    expect(await world.deps.store.sendLedger.claim([heldKey], 'another-sender', now, now + 60_000, world.clock.iso())).toEqual(new Set([heldKey]));

    // Act: the mailer sends the batch while that claim is held
    const { failed } = await world.drain(world.mailer(), { allowFailures: true });

    // Assess: everyone but the held one, and the record is reported for a retry
    expect(failed.length).toBe(1);
    expect(countsOf(subject).get(heldEmail)).toBeUndefined();
    expect(emails.filter((e) => countsOf(subject).get(e) === 1)).toHaveLength(29);
    // The held recipient's round is not finished (the other one is)
    const rounds = [roundKey(notificationId, 1, 0), roundKey(notificationId, 1, 1)];
    const states = await world.deps.store.sendLedger.read(rounds);
    expect(rounds.filter((r) => states.get(r)?.state === 'sent')).toHaveLength(1);

    // Act: the other sender died; after its lease, the record's retry
    world.clock.advance(61_000);
    expect((await world.mailer()({ Records: failed as DynamoDBRecord[] })).batchItemFailures).toEqual([]);

    // Assess: everyone exactly once
    expect(emails.map((e) => countsOf(subject).get(e))).toEqual(emails.map(() => 1));
  });

  it('forms a batch’s rounds by the recipients’ places in it, whoever is due now', () => {
    // Prepare: a batch of 50; only some are due on this try (the others left since planning)
    const batch = { notification_id: 'incident#INC-1#1', n: 3, recipients: Array.from({ length: 50 }, (_, i) => `s${i}`) };
    const job = (id: string): DeliveryJob => ({ key: `incident#INC-1#1#${id}`, to: `${id}@example.com`, tags: {}, compose: async () => new Uint8Array() });
    const due = ['s0', 's24', 's25', 's49'].map(job);

    // Act
    const jobs = inRounds(batch, due, (id) => `incident#INC-1#1#${id}`);

    // Assess
    expect(jobs.map((j) => j.round)).toEqual([
      roundKey('incident#INC-1#1', 3, 0),
      roundKey('incident#INC-1#1', 3, 0),
      roundKey('incident#INC-1#1', 3, 1),
      roundKey('incident#INC-1#1', 3, 1),
    ]);
  });
});
