// Mail receipts of an update: SES's delivery events (the documented event-publishing records, with
// the tags Herald sent the mail with) counted on the update's notification, once per message and
// kind however often EventBridge delivers them, and shown by GET …/updates/{seq}/deliveries.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import { createFeedbackHandler } from '#mailer/feedback-handler';
import { notificationIdOfTag, receiptOf } from '#mailer/ses-feedback';
import type { StreamHandler } from '#mailer/stream-handler';
import { createMailWorld, quietLog, type MailWorld } from './support/fixture';

interface SesRecordFixture {
  mail: { timestamp: string; tags?: Record<string, string[]> } & Record<string, unknown>;
  bounce: Record<string, unknown>;
  complaint: Record<string, unknown>;
}
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/ses/${name}.json`, import.meta.url), 'utf8')) as SesRecordFixture;

let world: MailWorld;
let mailer: StreamHandler;
beforeAll(async () => {
  world = await createMailWorld();
  mailer = world.mailer();
});
afterAll(() => world.close());

/** The documented record of `kind`, about one of our mails: its message id and the tags it was sent with. */
function eventAbout(kind: 'Delivery' | 'Bounce' | 'Complaint', messageId: string, email: string, tag: string, bounceType = 'Permanent') {
  const base = structuredClone(fixture(kind === 'Complaint' ? 'event-complaint' : 'event-bounce'));
  const mail = { ...base.mail, messageId, destination: [email], tags: { ...(base.mail.tags ?? {}), 'herald-mail': ['notification'], 'herald-notification': [tag] } };
  if (kind === 'Delivery') {
    return { 'detail-type': 'Email Delivered', source: 'aws.ses', detail: { eventType: 'Delivery', mail, delivery: { timestamp: base.mail.timestamp, recipients: [email], smtpResponse: '250 2.6.0 Message received' } } };
  }
  if (kind === 'Bounce') {
    base.bounce.bounceType = bounceType;
    base.bounce.bouncedRecipients = [{ emailAddress: email, action: 'failed', status: '5.1.1' }];
    base.bounce.feedbackId = `fb-${messageId}-${bounceType}`;
    return { 'detail-type': 'Email Bounced', source: 'aws.ses', detail: { ...base, mail } };
  }
  base.complaint.complainedRecipients = [{ emailAddress: email }];
  return { 'detail-type': 'Email Complaint Received', source: 'aws.ses', detail: { ...base, mail } };
}

describe('mail receipts', () => {
  it('reads the notification back from the tag the mail was sent with', () => {
    expect(notificationIdOfTag('incident.INC-20261127-0905.2')).toBe('incident#INC-20261127-0905#2');
    expect(notificationIdOfTag('maintenance.abc123def456.1')).toBe('maintenance#abc123def456#1');
    expect(notificationIdOfTag('sign-in')).toBeNull();
    // The documented records without our tags are no receipts.
    expect(receiptOf(fixture('event-bounce'))).toBeNull();
    expect(receiptOf(fixture('event-send'))).toBeNull();
  });

  it('counts delivered, bounced and complained once each; a transient bounce is not a receipt', async () => {
    const emails = ['ok@example.com', 'gone@example.com', 'angry@example.com', 'full@example.com'];
    expect((await world.api('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed: true })).status).toBe(200);
    const declared = await world.api('POST', '/v1/incidents', { title: 'Mail receipts', severity: 'SEV2', message: 'Looking into it.' });
    const incident = IncidentSchema.parse(await declared.json());
    await world.drain(mailer);
    const sent = world.mails.filter((mail) => mail.subject.includes('Mail receipts'));
    expect(sent).toHaveLength(4);
    const idOf = (email: string) => sent.find((mail) => mail.to.includes(email))!.message_id;
    const tag = `incident.${incident.id}.1`;

    const handler = createFeedbackHandler({ store: world.deps.store, now: () => world.clock.iso(), log: quietLog });
    const events = [
      eventAbout('Delivery', idOf('ok@example.com'), 'ok@example.com', tag),
      eventAbout('Delivery', idOf('angry@example.com'), 'angry@example.com', tag),
      eventAbout('Bounce', idOf('gone@example.com'), 'gone@example.com', tag),
      eventAbout('Complaint', idOf('angry@example.com'), 'angry@example.com', tag),
      eventAbout('Bounce', idOf('full@example.com'), 'full@example.com', tag, 'Transient'),
    ];
    // EventBridge delivers at least once: every event twice.
    for (const event of [...events, ...events]) await handler(event);

    const res = await world.api('GET', `/v1/incidents/${incident.id}/updates/1/deliveries`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { mail: unknown }).mail).toEqual({ planned: 4, sent: 4, delivered: 2, bounced: 1, complained: 1, failed: 0, pending: 0, skipped: 0 });
    // The bounce and the complaint also suppressed their addresses, as before.
    expect(await world.deps.store.suppressions.isSuppressed('gone@example.com')).toBe(true);
    expect(await world.deps.store.suppressions.isSuppressed('angry@example.com')).toBe(true);
    expect(await world.deps.store.suppressions.isSuppressed('full@example.com')).toBe(false);
  });
});
