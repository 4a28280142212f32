// The send pool's pacing against SES's own limit (the stand-in's limiter, functions/local/ses-rate-limit.ts,
// on the test's clock), and a delivery's next round claimed while the one before it is sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesRateLimit, type SesRateLimit } from '#local/ses-rate-limit';
import { SendFailure, type MailSender, type OutgoingMail } from '#mailer/ports';
import { BURST_SECONDS, SendPool } from '#mailer/send-pool';
import { testClock, type TestClock } from './support/clock';
import { createMailWorld, type MailWorld } from './support/fixture';

const mail: OutgoingMail = { raw: new Uint8Array([1]), to: 'someone@example.com', tags: {} };
const sendBody = Buffer.from('Action=SendRawEmail&Destinations.member.1=someone%40example.com');

/** A sender that SES's limiter answers on the test's clock: Throttling past MaxSendRate. */
function limitedSender(limit: SesRateLimit, clock: TestClock, startedAt: number[]): MailSender {
  return {
    async send() {
      startedAt.push(clock.now());
      if (limit.answer('/', sendBody)) throw new SendFailure('throttled', 'Throttling: Maximum sending rate exceeded.');
      return `m-${startedAt.length}`;
    },
  };
}

describe('the send pool against SES’s MaxSendRate', () => {
  it('makes up for a lull with a burst SES lets through, and is never throttled', async () => {
    // Prepare: SES at 100 a second (its bucket holds one second), one send at a time on a jumping clock
    const clock = testClock(0);
    const limit = createSesRateLimit({ maxSendRate: 100, now: () => clock.now() });
    const startedAt: number[] = [];
    const pool = new SendPool(limitedSender(limit, clock, startedAt), { maxInFlight: 1, clock });
    pool.setMaxRate(100);
    expect(pool.burst).toBe(100 * BURST_SECONDS);

    // Act: 200 sends, a lull of 200 ms (nothing to send: the workers read and claim), 200 more,
    // a lull of 5 s, 200 more
    for (let i = 0; i < 200; i++) await pool.send(mail);
    const beforeLull = clock.now();
    clock.advance(200);
    for (let i = 0; i < 200; i++) await pool.send(mail);
    const afterShortLull = clock.now();
    clock.advance(5_000);
    const beforeLongLull = startedAt.length;
    for (let i = 0; i < 200; i++) await pool.send(mail);

    // Assess: nothing throttled; the 200 ms lull is made up in full (the second 200 end where they
    // would have with no lull); after a long lull only a quarter second's worth starts at once
    expect(limit.throttled).toBe(0);
    expect(afterShortLull - beforeLull).toBeLessThanOrEqual(2_000 + 10);
    const longLullStart = startedAt[beforeLongLull]!;
    const atOnce = startedAt.slice(beforeLongLull).filter((t) => t === longLullStart).length;
    expect(atOnce).toBe(25);
  });

  it('never lets more through in any second than SES’s bucket allows, however the demand comes', async () => {
    // Prepare
    const clock = testClock(0);
    const rate = 50;
    const limit = createSesRateLimit({ maxSendRate: rate, now: () => clock.now() });
    const startedAt: number[] = [];
    const pool = new SendPool(limitedSender(limit, clock, startedAt), { maxInFlight: 1, clock });
    pool.setMaxRate(rate);

    // Act: demand in uneven bursts with lulls of 0–900 ms between them
    for (let burst = 0; burst < 40; burst++) {
      for (let i = 0; i < 1 + ((burst * 7) % 30); i++) await pool.send(mail);
      clock.advance((burst * 173) % 900);
    }

    // Assess
    expect(limit.throttled).toBe(0);
    for (let i = 0; i < startedAt.length; i++) {
      const inOneSecond = startedAt.filter((t) => t >= startedAt[i]! && t < startedAt[i]! + 1000).length;
      expect(inOneSecond).toBeLessThanOrEqual(rate + rate * BURST_SECONDS);
    }
  });

  it('on Throttling halves its rate, drops the burst, retries the send, and climbs back', async () => {
    // Prepare: SES refuses every third call (another sender shares the account's rate)
    const clock = testClock(0);
    let calls = 0;
    const sent: number[] = [];
    const pool = new SendPool(
      {
        async send() {
          calls++;
          if (calls === 3) throw new SendFailure('throttled', 'Throttling: Maximum sending rate exceeded.');
          sent.push(calls);
          return `m-${calls}`;
        },
      },
      { maxInFlight: 1, clock },
    );
    pool.setMaxRate(100);

    // Act
    for (let i = 0; i < 3; i++) await pool.send(mail);

    // Assess: the throttled send was retried (sent once); the pool halved its rate (and climbed one
    // step back with the retry's success) and bursts no more until it is back at the full rate
    expect(sent).toEqual([1, 2, 4]);
    expect(pool.rate).toBe(52);
    expect(pool.burst).toBe(1);
    for (let i = 0; i < 30; i++) await pool.send(mail);
    expect(pool.rate).toBe(100);
    expect(pool.burst).toBe(25);
  });
});

describe('the send pool’s places', () => {
  it('keeps a send’s place until its mark is done, so marks that back up hold back the next sends', async () => {
    // Prepare: two places; SES answers at once; the marks wait until the test lets them land
    const clock = testClock(0);
    const started: string[] = [];
    const pool = new SendPool(
      {
        async send(outgoing) {
          started.push(outgoing.to);
          return `m-${outgoing.to}`;
        },
      },
      { maxInFlight: 2, clock },
    );
    pool.setMaxRate(1_000_000);
    const land: Array<() => void> = [];
    const marked: string[] = [];
    const mark = (id: string) => new Promise<void>((resolve) => land.push(() => resolve(void marked.push(id))));
    const to = (n: number): OutgoingMail => ({ ...mail, to: `r${n}@example.com` });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

    // Act: four sends at once
    const sends = [1, 2, 3, 4].map((n) => pool.send(to(n), mark));
    await settle();

    // Assess: two sent, their marks pending, the other two wait for a place
    expect(started).toEqual(['r1@example.com', 'r2@example.com']);
    land.shift()!();
    await settle();
    expect(marked).toEqual(['m-r1@example.com']);
    expect(started).toEqual(['r1@example.com', 'r2@example.com', 'r3@example.com']);
    while (land.length > 0) {
      land.shift()!();
      await settle();
    }
    expect(await Promise.all(sends)).toEqual([1, 2, 3, 4].map((n) => `m-r${n}@example.com`));
    expect(marked).toHaveLength(4);
  });
});

describe('a delivery’s rounds', () => {
  let world: MailWorld;
  beforeAll(async () => {
    world = await createMailWorld();
  });
  afterAll(() => world.close());

  it('claims the next round while the one before it is still sending, and sends everyone once', async () => {
    // Prepare: 50 confirmed subscribers (one batch, two rounds of 25); SES holds its answers to the
    // first round until the second round's claim has been made (or 5 s have passed)
    const emails = Array.from({ length: 50 }, (_, n) => `rounds-${n}@example.com`);
    expect((await world.api('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed: true })).status).toBe(200);
    await world.drain(world.mailer());
    const base = world.mailerDeps();
    const ledger = world.deps.store.sendLedger;
    let claims = 0;
    let secondClaim!: () => void;
    const secondClaimed = new Promise<void>((resolve) => (secondClaim = resolve));
    const claimsWhenAnswered: number[] = [];
    let sends = 0;
    const sender: MailSender = {
      async send(outgoing) {
        if (++sends <= 25) {
          await Promise.race([secondClaimed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
          claimsWhenAnswered.push(claims);
        }
        return base.sender.send(outgoing);
      },
    };
    const store = {
      ...world.deps.store,
      sendLedger: {
        ...ledger,
        claim: async (...args: Parameters<typeof ledger.claim>) => {
          if (++claims === 2) secondClaim();
          return ledger.claim(...args);
        },
      },
    };

    // Act
    expect((await world.api('POST', '/v1/incidents', { title: 'Rounds', severity: 'SEV2', message: 'Hm.' })).status).toBe(201);
    const { failed } = await world.drain(world.mailer({ sender, store }));

    // Assess: the first round's sends were still unanswered when the second round was claimed
    expect(failed).toEqual([]);
    expect(claims).toBe(2);
    expect(claimsWhenAnswered).toHaveLength(25);
    expect(claimsWhenAnswered.every((n) => n === 2)).toBe(true);
    for (const email of emails) expect(world.mailsTo(email).filter((m) => m.subject.includes('Rounds'))).toHaveLength(1);
  });
});
