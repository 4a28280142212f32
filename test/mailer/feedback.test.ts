// SES bounce and complaint reports, as SES documents them (test/fixtures/ses/README.md), in the
// envelopes that deliver them: a permanent bounce or a complaint stops all mail to the address.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { ImportResultSchema } from '#api/schemas';
import { createFeedbackHandler } from '#mailer/feedback-handler';
import { feedbackOf, sesRecords } from '#mailer/ses-feedback';
import { createMailWorld, quietLog, type MailWorld } from './support/fixture';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/ses/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** An EventBridge event as SES puts it on the default bus. */
const eventBridge = (detailType: string, detail: unknown) => ({
  version: '0',
  id: 'c6a3e4d2-0e52-4a63-9f0c-3f6c2b7f1d2e',
  'detail-type': detailType,
  source: 'aws.ses',
  account: '123456789012',
  time: '2026-11-27T09:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ses:us-east-1:123456789012:configuration-set/herald'],
  detail,
});

/** Lambda's SNS event: the record as a JSON string. */
const sns = (record: unknown) => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:ses-feedback:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
      Sns: {
        Type: 'Notification',
        MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:ses-feedback',
        Subject: null,
        Message: JSON.stringify(record),
        Timestamp: '2026-11-27T09:00:00.000Z',
        MessageAttributes: {},
      },
    },
  ],
});

/** The documented permanent bounce, for an address of ours. */
function bounceFor(email: string, type = 'Permanent', subType = 'General', feedbackId = `fb-${email}`) {
  const record = structuredClone(fixture('event-bounce')) as { bounce: Record<string, unknown> };
  record.bounce.bounceType = type;
  record.bounce.bounceSubType = subType;
  record.bounce.feedbackId = feedbackId;
  record.bounce.bouncedRecipients = [{ emailAddress: email, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }];
  return record;
}

describe('reading SES feedback', () => {
  it('reads the documented notifications', () => {
    expect(feedbackOf(fixture('notification-bounce-permanent-with-dsn'))).toEqual([
      { kind: 'permanent_bounce', email: 'jane@example.com', detail: 'Permanent General 5.1.1 smtp; 550 5.1.1 <jane@example.com>... User', feedbackId: '00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000' },
    ]);
    expect(feedbackOf(fixture('notification-bounce-permanent-no-dsn')).map((f) => [f.kind, f.email])).toEqual([
      ['permanent_bounce', 'jane@example.com'],
      ['permanent_bounce', 'richard@example.com'],
    ]);
    expect(feedbackOf(fixture('notification-complaint-with-feedback'))).toMatchObject([{ kind: 'complaint', email: 'richard@example.com', detail: 'abuse' }]);
    expect(feedbackOf(fixture('notification-complaint-no-feedback'))).toMatchObject([{ kind: 'complaint', email: 'richard@example.com', detail: null }]);
    expect(feedbackOf(fixture('notification-delivery'))).toEqual([]);
  });

  it('reads the documented event-publishing records', () => {
    expect(feedbackOf(fixture('event-bounce'))).toMatchObject([{ kind: 'permanent_bounce', email: 'recipient@example.com' }]);
    expect(feedbackOf(fixture('event-complaint'))).toMatchObject([{ kind: 'complaint', email: 'recipient@example.com' }]);
    expect(feedbackOf(fixture('event-send'))).toEqual([]);
  });

  it('finds the record in EventBridge, SNS, SQS and bare envelopes', () => {
    const record = fixture('event-bounce');
    expect(sesRecords(eventBridge('Email Bounced', record))).toEqual([record]);
    expect(sesRecords(sns(record))).toEqual([record]);
    expect(sesRecords({ Records: [{ eventSource: 'aws:sqs', body: JSON.stringify({ Type: 'Notification', Message: JSON.stringify(record) }) }] })).toEqual([record]);
    expect(sesRecords(record)).toEqual([record]);
    expect(sesRecords({ hello: 'world' })).toEqual([]);
    expect(sesRecords({ Records: [{ Sns: { Message: 'not json' } }] })).toEqual([]);
  });

  it('tolerates fields SES may add anywhere', () => {
    const record = structuredClone(fixture('notification-bounce-permanent-no-dsn')) as Record<string, Record<string, unknown>>;
    record.futureTopLevel = { anything: [1, 2, 3] } as never;
    record.bounce!.newField = 'x';
    (record.bounce!.bouncedRecipients as Array<Record<string, unknown>>)[0]!.extra = { deep: true };
    record.mail!.anotherOne = null;
    expect(feedbackOf(record).map((f) => f.email)).toEqual(['jane@example.com', 'richard@example.com']);
  });

  it('counts Transient and Undetermined bounces instead of suppressing', () => {
    expect(feedbackOf(bounceFor('a@example.com', 'Transient', 'MailboxFull'))).toMatchObject([{ kind: 'transient_bounce' }]);
    expect(feedbackOf(bounceFor('a@example.com', 'Undetermined', 'Undetermined'))).toMatchObject([{ kind: 'transient_bounce' }]);
  });
});

describe('the bounce handler', () => {
  let world: MailWorld;
  beforeAll(async () => {
    world = await createMailWorld();
  });
  afterAll(() => world.close());

  const handler = () => createFeedbackHandler({ store: world.deps.store, now: world.deps.now, log: quietLog });
  const subscriberOf = (email: string) => world.deps.store.subscribers.get(subscriberIdFor(email));

  async function confirmed(...emails: string[]) {
    const res = await world.api('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed: true });
    expect(ImportResultSchema.parse(await res.json()).imported).toBe(emails.length);
  }

  async function incident(title: string) {
    expect((await world.api('POST', '/v1/incidents', { title, severity: 'SEV2', message: 'Hm.' })).status).toBe(201);
    await world.drain(world.mailer());
  }

  it('stops all mail to an address after a permanent bounce (EventBridge) or a complaint (SNS)', async () => {
    // Prepare
    await confirmed('gone@example.com', 'angry@example.com', 'fine@example.com');

    // Act
    expect(await handler()(eventBridge('Email Bounced', bounceFor('Gone@Example.com')))).toMatchObject({ suppressed: 1 });
    const complaint = structuredClone(fixture('notification-complaint-with-feedback')) as { complaint: { complainedRecipients: unknown[] } };
    complaint.complaint.complainedRecipients = [{ emailAddress: 'angry@example.com' }];
    expect(await handler()(sns(complaint))).toMatchObject({ suppressed: 1 });
    await incident('After the bounce');

    // Assess
    expect(await world.deps.store.suppressions.suppressedAmong(['gone@example.com', 'angry@example.com', 'fine@example.com'])).toEqual(
      new Set(['gone@example.com', 'angry@example.com']),
    );
    expect((await subscriberOf('gone@example.com'))?.status).toBe('suppressed');
    expect((await subscriberOf('angry@example.com'))?.status).toBe('suppressed');
    expect(world.mailsTo('gone@example.com')).toHaveLength(0);
    expect(world.mailsTo('angry@example.com')).toHaveLength(0);
    expect(world.mailsTo('fine@example.com').map((m) => m.subject)).toEqual(['[Investigating] After the bounce']);

    // A redelivered event changes nothing more
    expect(await handler()(eventBridge('Email Bounced', bounceFor('gone@example.com')))).toMatchObject({ suppressed: 1 });
    expect((await subscriberOf('gone@example.com'))?.status).toBe('suppressed');
  });

  it('keeps a suppressed address from coming back: no confirmation mail, no import', async () => {
    await handler()(eventBridge('Email Bounced', bounceFor('nomore@example.com')));
    const res = await world.app.request('/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nomore@example.com' }) });
    expect(res.status).toBe(202);
    await world.drain(world.mailer());
    expect(world.mailsTo('nomore@example.com')).toHaveLength(0);

    const imported = await (await world.api('POST', '/v1/subscribers', { subscribers: [{ email: 'nomore@example.com' }], confirmed: true })).json();
    expect(imported).toEqual({ imported: 0, skipped: 1, skipped_addresses: [{ email: 'nomore@example.com', reason: 'suppressed' }] });
  });

  it('does not mail an address suppressed after the fan-out was planned', async () => {
    await confirmed('late@example.com');
    await world.drain(world.mailer());
    expect((await world.api('POST', '/v1/incidents', { title: 'Planned before the bounce', severity: 'SEV2', message: 'Hm.' })).status).toBe(201);
    const mailer = world.mailer();
    await mailer({ Records: await world.stream.next() }); // plans: the batch items are written
    await handler()(eventBridge('Email Bounced', bounceFor('late@example.com')));
    await world.drain(mailer); // sends the batches
    expect(world.mailsTo('late@example.com')).toHaveLength(0);
  });

  it('counts transient bounces once per feedback id and keeps mailing the address', async () => {
    await confirmed('full@example.com');
    const transient = (id: string) => eventBridge('Email Bounced', bounceFor('full@example.com', 'Transient', 'MailboxFull', id));
    expect(await handler()(transient('t-1'))).toMatchObject({ transient: 1, suppressed: 0 });
    await handler()(transient('t-1')); // redelivered
    await handler()(transient('t-2'));
    expect(await world.deps.store.suppressions.countTransientBounce('full@example.com', 't-2', world.deps.now())).toBe(2);
    expect(await world.deps.store.suppressions.isSuppressed('full@example.com')).toBe(false);
    await incident('Mailbox full is fine');
    expect(world.mailsTo('full@example.com').map((m) => m.subject)).toContain('[Investigating] Mailbox full is fine');
  });

  it('ignores events that carry no bounce or complaint', async () => {
    expect(await handler()(eventBridge('Email Sent', fixture('event-send')))).toEqual({ records: 1, suppressed: 0, transient: 0, receipts: 0 });
    expect(await handler()({ some: 'thing' })).toEqual({ records: 0, suppressed: 0, transient: 0, receipts: 0 });
  });
});
