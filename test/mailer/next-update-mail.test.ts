// The incident update mail says "Next update by HH:MM UTC" for an open incident with a promise
// (text and HTML), nothing once resolved; an internal note mails nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportResultSchema, IncidentSchema } from '#api/schemas';
import type { NotificationContent } from '#app/notifications/notification';
import { parseConfig } from '#config/config';
import type { StreamHandler } from '#mailer/stream-handler';
import { renderNotificationMail } from '#mailer/templates/notification-mail';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { createMailWorld, type MailWorld } from './support/fixture';

let world: MailWorld;
let mailer: StreamHandler;
beforeAll(async () => {
  world = await createMailWorld();
  mailer = world.mailer();
});
afterAll(() => world.close());

async function post(path: string, body: unknown) {
  const res = await world.api('POST', path, body);
  expect(res.status, path).toBe(201);
  return res.json();
}

describe('incident update mail: "Next update by"', () => {
  it('says when the next update is due while open, in the text and the HTML, and not once resolved; a note mails nobody', async () => {
    // Prepare
    const res = await world.api('POST', '/v1/subscribers', { subscribers: [{ email: 'pat@example.com' }], confirmed: true });
    expect(ImportResultSchema.parse(await res.json()).imported).toBe(1);

    // Act
    world.setNow('2026-11-27T14:00:00.000Z');
    const incident = IncidentSchema.parse(await post('/v1/incidents', { title: 'Search is down', severity: 'SEV1', message: 'Looking.' }));
    await world.drain(mailer);
    world.setNow('2026-11-27T14:10:00.000Z');
    await post(`/v1/incidents/${incident.id}/notes`, { message: 'NOTE-ONLY-FOR-RESPONDERS' });
    await world.drain(mailer);
    world.setNow('2026-11-27T14:20:00.000Z');
    await post(`/v1/incidents/${incident.id}/updates`, { status: 'identified', message: 'Found it.', notify: true, next_update_at: '2026-11-28T01:15:00Z' });
    await world.drain(mailer);
    world.setNow('2026-11-27T14:40:00.000Z');
    await post(`/v1/incidents/${incident.id}/updates`, { status: 'resolved', message: 'Fixed.' });
    await world.drain(mailer);

    // Assess
    const [declared, identified, resolved, ...more] = world.mailsTo('pat@example.com');
    expect(more).toHaveLength(0);
    expect(declared!.text).toContain('Next update by 14:30 UTC.');
    expect(declared!.html).toContain('Next update by 14:30 UTC.');
    // On another UTC day than the update: with its date.
    expect(identified!.text).toContain('Next update by 28 Nov 2026, 01:15 UTC.');
    expect(identified!.html).toContain('Next update by 28 Nov 2026, 01:15 UTC.');
    expect(resolved!.subject).toBe('[Resolved] Search is down');
    expect(resolved!.text).not.toContain('Next update by');
    expect(resolved!.html).not.toContain('Next update by');
    for (const mail of world.mails) {
      expect(mail.text ?? '').not.toContain('NOTE-ONLY-FOR-RESPONDERS');
      expect(mail.html ?? '').not.toContain('NOTE-ONLY-FOR-RESPONDERS');
    }
  });

  it('names the page zone beside UTC when its clock differs', () => {
    const page = { ...parseConfig(rawConfig).page, time_zone: 'Europe/Berlin' };
    const content: NotificationContent = {
      kind: 'incident', subject_id: 'INC-20261127-0905', seq: 1, title: 'Checkout', status: 'investigating', message: 'x',
      posted_at: '2026-11-27T09:05:00.000Z', window: null, affected: [], components: [], next_update_at: '2026-11-27T09:35:00.000Z',
    };
    const mail = renderNotificationMail(content, page);
    const links = { unsubscribe: 'https://status.example.com/u', manage: 'https://status.example.com/m' };
    expect(mail.text(links)).toContain('Next update by 09:35 UTC (10:35 CET).');
    expect(mail.html(links)).toContain('Next update by 09:35 UTC (10:35 CET).');
    expect(renderNotificationMail({ ...content, next_update_at: null }, page).text(links)).not.toContain('Next update by');
  });
});
