// SES throttling and refusals: faults the stand-in cannot produce, injected in front of it.
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMaxSendRate } from '#adapters/ses/send-quota';
import { classify } from '#adapters/ses/ses-mail-sender';
import { SendFailure, type MailSender } from '#mailer/ports';
import { cachedSendRate } from '#mailer/send-rate';
import { TokenBucket } from '#mailer/token-bucket';
import { testClock } from './support/clock';
import { createMailWorld, quietLog, type MailWorld } from './support/fixture';
import { localAws } from '../support/local-aws';

let world: MailWorld;
beforeAll(async () => {
  world = await createMailWorld();
});
afterAll(() => world.close());

async function confirmedSubscribers(prefix: string, count: number) {
  const emails = Array.from({ length: count }, (_, n) => `${prefix}-${n}@example.com`);
  const res = await world.api('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed: true });
  expect(res.status).toBe(200);
  return emails;
}

async function declare(title: string) {
  expect((await world.api('POST', '/v1/incidents', { title, severity: 'SEV2', message: 'Hm.' })).status).toBe(201);
}

function received(subject: string) {
  const counts = new Map<string, number>();
  for (const mail of world.mails.filter((m) => m.subject === subject)) for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

describe('SES throttling and refusals', () => {
  it('backs off on Throttling and sends everyone once, failing no record', async () => {
    // Prepare: SES throttles a third of the calls (another sender shares the account's rate)
    const emails = await confirmedSubscribers('throttled', 80);
    await world.drain(world.mailer());
    const real = world.mailerDeps().sender;
    let calls = 0;
    let throttled = 0;
    const sender: MailSender = {
      async send(mail) {
        if (++calls % 3 === 0) {
          throttled++;
          throw new SendFailure('throttled', 'Throttling: Maximum sending rate exceeded.');
        }
        return real.send(mail);
      },
    };
    const started = world.clock.now();

    // Act
    await declare('Throttled');
    const { failed } = await world.drain(world.mailer({ sender }));

    // Assess
    expect(failed).toEqual([]);
    expect(throttled).toBeGreaterThan(20);
    const counts = received('[Investigating] Throttled');
    expect(emails.filter((e) => counts.get(e) !== 1)).toEqual([]);
    expect(world.clock.now() - started).toBeGreaterThan(1_000); // it did back off
  });

  it('leaves everything for a retry when the daily quota is used up, then sends once', async () => {
    const emails = await confirmedSubscribers('quota', 60);
    await world.drain(world.mailer());
    const quotaSpent: MailSender = {
      send: async () => {
        throw new SendFailure('quota', 'Throttling: Daily message quota exceeded.');
      },
    };
    await declare('Over quota');
    const { failed } = await world.drain(world.mailer({ sender: quotaSpent }), { allowFailures: true });
    expect(failed.length).toBeGreaterThan(0);
    expect(received('[Investigating] Over quota').size).toBe(0);

    // The next day: the retry goes out at once (the claims were released, no lease to wait for)
    const before = world.clock.now();
    const retry = world.mailer();
    for (const record of failed) expect((await retry({ Records: [record] })).batchItemFailures).toEqual([]);
    const counts = received('[Investigating] Over quota');
    expect(emails.filter((e) => counts.get(e) !== 1)).toEqual([]);
    expect(world.clock.now() - before).toBeLessThan(60_000);
  });

  it('gives up on a message SES rejects for good, and sends the others', async () => {
    const emails = await confirmedSubscribers('rejects', 10);
    await world.drain(world.mailer());
    const real = world.mailerDeps().sender;
    let rejections = 0;
    const sender: MailSender = {
      async send(mail) {
        if (mail.to === 'rejects-3@example.com') {
          rejections++;
          throw new SendFailure('rejected', 'MessageRejected: Email address is not verified.');
        }
        return real.send(mail);
      },
    };
    await declare('Rejected one');
    const first = await world.drain(world.mailer({ sender }));
    expect(first.failed).toEqual([]);
    // A replay does not try the rejected one again
    const mailer = world.mailer({ sender });
    for (const record of first.records) await mailer({ Records: [record] });
    expect(rejections).toBe(1);
    const counts = received('[Investigating] Rejected one');
    expect(emails.filter((e) => e !== 'rejects-3@example.com' && counts.get(e) !== 1)).toEqual([]);
    expect(counts.has('rejects-3@example.com')).toBe(false);
  });
});

describe('classifying SES errors', () => {
  const error = (name: string, message = '', status?: number) =>
    Object.assign(new Error(message), { name, $metadata: status ? { httpStatusCode: status } : {} });

  it('tells throttling, the daily quota, a rejection, a refusal and no answer apart', () => {
    expect(classify(error('Throttling', 'Maximum sending rate exceeded.', 400))).toBe('throttled');
    expect(classify(error('Throttling', 'Daily message quota exceeded.', 400))).toBe('quota');
    expect(classify(error('MessageRejected', 'Email address is not verified.', 400))).toBe('rejected');
    expect(classify(error('AccountSendingPausedException', '', 400))).toBe('refused');
    expect(classify(error('ConfigurationSetDoesNotExist', '', 400))).toBe('refused');
    expect(classify(error('InternalFailure', '', 500))).toBe('unknown');
    expect(classify(error('TimeoutError', 'socket hang up'))).toBe('unknown');
  });
});

describe('the send rate', () => {
  it('comes from GetSendQuota, with the stated fallback when SES does not answer (the stand-in)', async () => {
    const ses = new SESClient({ endpoint: world.ses.endpoint, ...localAws, maxAttempts: 1 });
    expect(await readMaxSendRate(ses, 300)).toBeNull();
    ses.destroy();
    const lines: string[] = [];
    const rate = cachedSendRate({ read: async () => null, fallback: 500, log: { info: (m) => lines.push(m), error: () => {} } });
    expect(await rate()).toBe(500);
    expect(lines).toEqual(['SES did not answer GetSendQuota; sending at 500 messages a second']);
    expect(await cachedSendRate({ read: async () => 14, fallback: 1, log: quietLog })()).toBe(14);
  });

  it('is kept by the token bucket: 100 sends at 50 a second take two seconds', async () => {
    const clock = testClock(0);
    const bucket = new TokenBucket(50, 1, clock);
    for (let i = 0; i < 100; i++) await bucket.take();
    expect(clock.now()).toBeGreaterThanOrEqual(1_980);
    expect(clock.now()).toBeLessThanOrEqual(2_000);
    bucket.pause(5_000);
    const before = clock.now();
    await bucket.take();
    expect(clock.now() - before).toBeGreaterThanOrEqual(5_000);
  });
});
