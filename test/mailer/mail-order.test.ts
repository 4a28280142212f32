// A subscriber reads an incident's mails in the order its changes were made, even when the
// changes come minutes apart in real life but seconds apart here: four status changes posted
// before the mailer runs reach it in one stream batch, each notification with its own batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import type { DecodedRecord } from '#adapters/stream/decode';
import { inNotificationOrder } from '#mailer/stream-handler';
import { createMailWorld, type MailWorld } from './support/fixture';

let world: MailWorld;
beforeAll(async () => {
  world = await createMailWorld();
});
afterAll(() => world.close());

describe('mail order', () => {
  it('mails every subscriber the changes in the order they were posted', async () => {
    // Prepare: 120 confirmed subscribers (three batches of a notification each)
    const emails = Array.from({ length: 120 }, (_, n) => `order-${n}@example.com`);
    expect((await world.api('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed: true })).status).toBe(200);
    const mailer = world.mailer({ recordConcurrency: 8 });
    await world.drain(mailer);

    // Act: declared, then three changes, all before the mailer sees any of them
    const declared = await world.api('POST', '/v1/incidents', { title: 'Checkout is failing', severity: 'SEV1', message: 'Looking into it.' });
    const incident = IncidentSchema.parse(await declared.json());
    for (const status of ['identified', 'monitoring', 'resolved']) {
      const res = await world.api('POST', `/v1/incidents/${incident.id}/updates`, { status, message: `Now ${status}.` });
      expect(res.status).toBe(201);
    }
    await world.drain(mailer);

    // Assess: each subscriber got the four mails once each, oldest change first
    const expected = ['[Investigating]', '[Identified]', '[Monitoring]', '[Resolved]'].map((s) => `${s} Checkout is failing`);
    const wrong = emails.filter((email) => JSON.stringify(world.mailsTo(email).map((m) => m.subject)) !== JSON.stringify(expected));
    expect(wrong.map((email) => `${email}: ${world.mailsTo(email).map((m) => m.subject).join(', ')}`)).toEqual([]);
  });
});

describe('inNotificationOrder', () => {
  const batch = (seq: string, notification: string): DecodedRecord => ({ eventName: 'INSERT', type: 'notification_batch', newItem: { notification_id: notification, n: 0, recipients: [] }, sequenceNumber: seq });
  const other = (seq: string): DecodedRecord => ({ eventName: 'INSERT', type: 'sign_in_request', newItem: { id: seq }, sequenceNumber: seq });
  const change = (seq: string): DecodedRecord => ({ eventName: 'INSERT', type: 'incident_update', newItem: { incident_id: 'INC-1', seq: Number(seq), status: 'identified', notify: true, message: 'x' }, sequenceNumber: seq });

  it("keeps a notification's batches together and cuts before the next notification's and before each change", () => {
    const records = [batch('1', 'a'), other('2'), batch('3', 'a'), batch('4', 'b'), change('5'), change('6'), other('7'), batch('8', 'b')];
    expect(inNotificationOrder(records).map((part) => part.map((r) => r.sequenceNumber))).toEqual([['1', '2', '3'], ['4'], ['5'], ['6', '7'], ['8']]);
  });
});
