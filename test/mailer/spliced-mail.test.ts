// What the mailer sends for a notification, through the real pipeline (table stream, planner,
// ledger, SES SendRawEmail to the stand-in), is what nodemailer composing each mail from scratch
// gives, byte for byte, with the Message-ID, Date and boundary each mail carries; and each
// recipient's mail has a manage token of its own, signed for that recipient alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema, ImportResultSchema } from '#api/schemas';
import { epochSeconds } from '#app/subscriptions/deps';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { headerFields } from '#local/mail-message';
import { composeMail } from '#mailer/compose';
import type { MailSender, OutgoingMail } from '#mailer/ports';
import { notificationMailFor } from '#mailer/send-batch';
import { renderNotificationMail } from '#mailer/templates/notification-mail';
import { createMailWorld, type MailWorld } from './support/fixture';

let world: MailWorld;
beforeAll(async () => {
  world = await createMailWorld();
});
afterAll(() => world.close());

const EMAILS = [
  'ana@example.org',
  'first.last+status@example.co.uk',
  `${'l'.repeat(60)}@${'subdomain.'.repeat(8)}example.org`,
  ...Array.from({ length: 20 }, (_, i) => `reader-${i}@example.net`),
];

describe('the notification mails the mailer sends', () => {
  it("are nodemailer's from-scratch mails byte for byte, each with its recipient's own token", async () => {
    // Prepare: confirmed subscribers, and a sender that keeps what it sends
    const imported = await world.api('POST', '/v1/subscribers', { subscribers: EMAILS.map((email) => ({ email })), confirmed: true });
    expect(ImportResultSchema.parse(await imported.json()).imported).toBe(EMAILS.length);
    const sent: OutgoingMail[] = [];
    const real = world.mailerDeps().sender;
    const keeping: MailSender = {
      send: (mail) => {
        sent.push(mail);
        return real.send(mail);
      },
    };
    const mailer = world.mailer({ sender: keeping });
    await world.drain(mailer);

    // Act
    const res = await world.api('POST', '/v1/incidents', {
      title: 'Checkout = failing for “everyone” <b>now</b>',
      severity: 'SEV1',
      message: `Payments fail. a=b&c=d ${'long-word-'.repeat(20)}\n\n- <script>alert(1)</script>\n- Ünïcødé ✓ 🚨   \n\n> quoted`,
    });
    expect(res.status).toBe(201);
    const incident = IncidentSchema.parse(await res.json());
    await world.drain(mailer);

    // Assess
    expect(sent.map((mail) => mail.to).sort()).toEqual([...EMAILS].sort());
    const notification = await world.deps.store.notifications.get(`incident#${incident.id}#1`);
    const mailFor = notificationMailFor(world.deps.config.page, world.mailerDeps().from, renderNotificationMail(notification!, world.deps.config.page));
    const tokens = new Set<string>();
    const messageIds = new Set<string>();
    for (const mail of sent) {
      const raw = Buffer.from(mail.raw);
      const headers = headerFields(raw);
      const token = /token=([^>]+)>$/.exec(headers['List-Unsubscribe']!)![1]!;
      const boundary = /boundary="--_NmP-([0-9a-f]{16})-Part_1"/.exec(headers['Content-Type']!)![1]!;
      const uniques = { messageId: headers['Message-ID']!, date: new Date(headers.Date!), baseBoundary: boundary };
      const fromScratch = await composeMail({ ...mailFor(token), to: mail.to }, uniques);
      if (!raw.equals(fromScratch)) expect(raw.toString('utf8')).toBe(fromScratch.toString('utf8'));

      const check = await world.tokens.verify(token, 'manage', epochSeconds(world.clock.iso()));
      expect(check.ok && check.subscriberId).toBe(subscriberIdFor(mail.to));
      tokens.add(token);
      messageIds.add(uniques.messageId);
    }
    expect(tokens.size).toBe(EMAILS.length);
    expect(messageIds.size).toBe(EMAILS.length);
  });
});
