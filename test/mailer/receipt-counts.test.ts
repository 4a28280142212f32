// Mail receipts' own counts (GET …/updates/{seq}/deliveries → mail): sent (SES accepted), failed
// (SES refused for good), pending (waiting for a retry), skipped (no mail due any more), counted
// from the send ledger once a try of each batch ends, the same however often a batch is replayed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import { SendFailure, type MailSender } from '#mailer/ports';
import { createMailWorld, type MailWorld } from './support/fixture';

let world: MailWorld;
beforeAll(async () => {
  world = await createMailWorld();
  world.setNow('2026-11-02T09:00:00.000Z');
});
afterAll(() => world.close());

async function mailReceipts(incidentId: string) {
  const res = await world.api('GET', `/v1/incidents/${incidentId}/updates/1/deliveries`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { mail: Record<string, number> | null }).mail;
}

describe('mail receipts: sent, failed, pending, skipped', () => {
  it('counts each recipient once by what became of its mail, through a retry and a replay', async () => {
    // Prepare: six confirmed subscribers; SES will refuse one for good and give no answer for another
    const emails = ['ok-0', 'ok-1', 'ok-2', 'refused', 'no-answer', 'gone'].map((name) => `${name}@counts.example.com`);
    expect((await world.api('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed: true })).status).toBe(200);
    await world.drain(world.mailer());
    const real = world.mailerDeps().sender;
    const attempts = new Map<string, number>();
    const faulty: MailSender = {
      async send(mail) {
        attempts.set(mail.to, (attempts.get(mail.to) ?? 0) + 1);
        if (mail.to.startsWith('refused@')) throw new SendFailure('rejected', 'MessageRejected: Email address is not verified.');
        if (mail.to.startsWith('no-answer@')) throw new SendFailure('unknown', 'socket hang up');
        return real.send(mail);
      },
    };
    const declared = await world.api('POST', '/v1/incidents', { title: 'Counting mail', severity: 'SEV2', message: 'Looking into it.' });
    const incident = IncidentSchema.parse(await declared.json());

    // Act 1: the mailer plans the fan-out; then one address is suppressed before its batch is sent
    const mailer = world.mailer({ sender: faulty });
    await mailer({ Records: await world.stream.next() });
    expect(await mailReceipts(incident.id)).toEqual({
      planned: 6, sent: 0, delivered: 0, bounced: 0, complained: 0, failed: 0, pending: 6, skipped: 0,
    });
    await world.deps.store.suppressions.suppress({ email: 'gone@counts.example.com', reason: 'bounce', detail: null, feedback_id: null, at: world.clock.iso() });
    const first = await world.drain(mailer, { allowFailures: true });

    // Assert: three sent, one refused for good, one waiting for its claim to lapse, one skipped
    expect(first.failed).toHaveLength(1);
    expect(await mailReceipts(incident.id)).toEqual({
      planned: 6, sent: 3, delivered: 0, bounced: 0, complained: 0, failed: 1, pending: 1, skipped: 1,
    });

    // Act 2: the claim lapses and the retry reaches SES
    world.setNow('2026-11-02T09:10:00.000Z');
    const healthy = world.mailer();
    for (const record of first.failed) expect((await healthy({ Records: [record] })).batchItemFailures).toEqual([]);
    const settled = { planned: 6, sent: 4, delivered: 0, bounced: 0, complained: 0, failed: 1, pending: 0, skipped: 1 };
    expect(await mailReceipts(incident.id)).toEqual(settled);

    // Act 3: every record replayed, and a slow older try's tally arriving after the final one
    for (const record of first.records) await healthy({ Records: [record] });
    await world.deps.store.notifications.settleBatch(`incident#${incident.id}#1`, 1, { sent: 3, failed: 1, skipped: 1, pending: 1 }, world.clock.iso());

    // Assert: the counts stand, and nobody got a second mail
    expect(await mailReceipts(incident.id)).toEqual(settled);
    const received = world.mails.filter((mail) => mail.subject.includes('Counting mail')).flatMap((mail) => mail.to);
    expect(received.sort()).toEqual(['no-answer@counts.example.com', 'ok-0@counts.example.com', 'ok-1@counts.example.com', 'ok-2@counts.example.com']);
    expect(attempts.get('refused@counts.example.com')).toBe(1);
  });
});
