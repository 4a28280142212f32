// The SES stand-in with SES's sending limits: the real SES client sees Throttling (HTTP 400, the
// query API's error) over MaxSendRate or the daily quota, and GetSendQuota's answer. Time is the
// test's own clock, moved by hand.
import { GetSendQuotaCommand, SESClient, SendRawEmailCommand, type SESServiceException } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, describe, expect, it } from 'vitest';
import { readMaxSendRate } from '#adapters/ses/send-quota';
import { sesMailSender } from '#adapters/ses/ses-mail-sender';
import { SendFailure } from '#mailer/ports';
import { startSesLocal, type SesLocal } from '#local/ses-local';
import type { SesLimits } from '#local/ses-rate-limit';
import { localAws } from '../support/local-aws';

let ses: SesLocal | undefined;
let client: SESClient | undefined;
afterEach(async () => {
  client?.destroy();
  await ses?.stop();
  ses = client = undefined;
});

/** A stand-in with these limits on a hand-moved clock; `accepted` lists the recipients it got. */
async function limited(limits: Omit<SesLimits, 'now'>) {
  let now = 1_000_000;
  const accepted: string[] = [];
  ses = await startSesLocal({ limits: { ...limits, now: () => now }, onMessage: async (m) => void accepted.push(...m.destinations) });
  // No SDK retries: the SDK would retry Throttling on its own and hide it.
  client = new SESClient({ ...localAws, endpoint: ses.endpoint, maxAttempts: 1 });
  return { client, accepted, advance: (ms: number) => void (now += ms), rateLimit: ses.rateLimit! };
}

const raw = (to: string) =>
  new MailComposer({ from: 'Herald <status@example.com>', to, subject: 'Hi', text: 'Hello.' }).compile().build();

async function send(client: SESClient, ...to: string[]) {
  return client.send(new SendRawEmailCommand({ RawMessage: { Data: await raw(to[0]!) }, Destinations: to }));
}

async function refusal(promise: Promise<unknown>): Promise<SESServiceException> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).not.toBeNull();
  return error as SESServiceException;
}

describe('the SES stand-in with sending limits', () => {
  it('answers GetSendQuota as SES does, and the mailer reads MaxSendRate from it', async () => {
    // Prepare
    const { client } = await limited({ maxSendRate: 14, max24HourSend: 50_000 });

    // Act
    await send(client, 'a@example.com');
    const quota = await client.send(new GetSendQuotaCommand({}));

    // Assess
    expect({ ...quota, $metadata: undefined }).toEqual({ Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 1, $metadata: undefined });
    expect(quota.$metadata.httpStatusCode).toBe(200);
    expect(await readMaxSendRate(client)).toBe(14);
  });

  it('says Throttling, "Maximum sending rate exceeded.", with HTTP 400 past a second of sends, and sends nothing then', async () => {
    // Prepare: 2 a second; the bucket holds one second's worth
    const { client, accepted, advance, rateLimit } = await limited({ maxSendRate: 2 });

    // Act
    await send(client, 'one@example.com');
    await send(client, 'two@example.com');
    const error = await refusal(send(client, 'three@example.com'));

    // Assess
    expect(error.name).toBe('Throttling');
    expect(error.message).toBe('Maximum sending rate exceeded.');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$fault).toBe('client');
    expect(accepted).toEqual(['one@example.com', 'two@example.com']);
    expect(rateLimit.throttled).toBe(1);

    // Act: half a second refills one send, not two
    advance(500);
    await send(client, 'three@example.com');
    const again = await refusal(send(client, 'four@example.com'));

    // Assess
    expect(again.name).toBe('Throttling');
    expect(accepted).toEqual(['one@example.com', 'two@example.com', 'three@example.com']);
    expect((await client.send(new GetSendQuotaCommand({}))).SentLast24Hours).toBe(3);
  });

  it('counts recipients: a send to several goes through on one left, then the next waits out the debt', async () => {
    // Prepare
    const { client, accepted, advance } = await limited({ maxSendRate: 2 });

    // Act: 4 recipients with 2 left leaves the bucket 2 in debt
    await send(client, 'a@example.com', 'b@example.com', 'c@example.com', 'd@example.com');
    advance(1_000);
    const inDebt = await refusal(send(client, 'e@example.com'));
    advance(500);
    await send(client, 'e@example.com');

    // Assess
    expect(inDebt.name).toBe('Throttling');
    expect(accepted).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com']);
  });

  it('says "Daily message quota exceeded." past Max24HourSend over a rolling 24 hours', async () => {
    // Prepare
    const { client, accepted, advance } = await limited({ maxSendRate: 100, max24HourSend: 3 });
    for (const to of ['a', 'b', 'c']) {
      await send(client, `${to}@example.com`);
      advance(60_000);
    }

    // Act
    const error = await refusal(send(client, 'd@example.com'));
    advance(24 * 60 * 60_000 - 3 * 60_000 + 1_000); // the first send is now over a day old
    await send(client, 'd@example.com');

    // Assess
    expect(error.name).toBe('Throttling');
    expect(error.message).toBe('Daily message quota exceeded.');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(accepted).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']);
    expect(await client.send(new GetSendQuotaCommand({}))).toMatchObject({ Max24HourSend: 3, SentLast24Hours: 3 });
  });

  it("is what the mailer's SES sender classifies: throttled (retry) and quota (stop for everyone)", async () => {
    // Prepare
    const { client, advance } = await limited({ maxSendRate: 1, max24HourSend: 2 });
    const sender = sesMailSender({ client, configurationSet: 'herald' });
    const mail = async (to: string) => ({ raw: await raw(to), to, tags: { 'herald-mail': 'notification' } });

    // Act
    const first = await sender.send(await mail('a@example.com'));
    const throttled = await refusal(sender.send(await mail('b@example.com')));
    advance(1_000);
    await sender.send(await mail('b@example.com'));
    advance(1_000);
    const quota = await refusal(sender.send(await mail('c@example.com')));

    // Assess
    expect(first).toMatch(/\S/);
    expect(throttled).toBeInstanceOf(SendFailure);
    expect((throttled as unknown as SendFailure).kind).toBe('throttled');
    expect((quota as unknown as SendFailure).kind).toBe('quota');
  });

  it('without limits leaves GetSendQuota to the stand-in and never throttles', async () => {
    // Prepare
    ses = await startSesLocal();
    client = new SESClient({ ...localAws, endpoint: ses.endpoint, maxAttempts: 1 });

    // Act
    for (let i = 0; i < 5; i++) await send(client, `x${i}@example.com`);

    // Assess
    expect(ses.rateLimit).toBeUndefined();
  });
});
