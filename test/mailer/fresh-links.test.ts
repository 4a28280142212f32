// Manage and unsubscribe links in mail: they work for a year after the mail (RFC 8058 one-click
// included), and a confirmed address that subscribes again gets one mail with fresh links, which
// replace every older one. The world's one clock drives the API and the mailer alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import type { CapturedMail } from '#local/mail-message';
import type { StreamHandler } from '#mailer/stream-handler';
import { clickConfirm } from './support/confirm';
import { createMailWorld, linkIn, pathOf, type MailWorld } from './support/fixture';

let world: MailWorld;
let mailer: StreamHandler;
beforeAll(async () => {
  world = await createMailWorld();
  mailer = world.mailer();
});
afterAll(() => world.close());

const subscribe = (email: string) =>
  world.app.request('/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });

/** Subscribed and confirmed by following the confirmation mail, as a person does. */
async function confirmedSubscriber(email: string) {
  expect((await subscribe(email)).status).toBe(202);
  await world.drain(mailer);
  const confirmation = world.mailsTo(email).at(-1)!;
  expect((await clickConfirm(world.app, linkIn(confirmation, '/v1/subscriptions/confirm?token='))).status).toBe(200);
}

async function notify(title: string) {
  const res = await world.api('POST', '/v1/incidents', { title, severity: 'SEV2', message: 'Looking into it.' });
  expect(res.status).toBe(201);
  IncidentSchema.parse(await res.json());
  await world.drain(mailer);
}

/** The mail provider's one-click: a POST to the List-Unsubscribe URL. */
const oneClick = (mail: CapturedMail) =>
  world.app.request(pathOf(mail.headers['List-Unsubscribe']!.slice(1, -1)), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

describe('fresh links', () => {
  it('mails a confirmed address that subscribes again fresh links, once, and the old ones stop working', async () => {
    // Prepare: confirmed, and one notification with its links
    world.setNow('2026-11-27T09:00:00.000Z');
    await confirmedSubscriber('fay@example.com');
    await notify('Search is slow');
    const notification = world.mailsTo('fay@example.com').at(-1)!;
    expect(notification.subject).toBe('[Investigating] Search is slow');

    // Act: subscribes again half an hour later, and again five minutes after that
    world.setNow('2026-11-27T09:30:00.000Z');
    expect((await subscribe('fay@example.com')).status).toBe(202);
    await world.drain(mailer);
    world.setNow('2026-11-27T09:35:00.000Z');
    expect((await subscribe('fay@example.com')).status).toBe(202);
    await world.drain(mailer);

    // Assess: one mail with fresh links, one-click included
    const mails = world.mailsTo('fay@example.com');
    expect(mails.map((m) => m.subject)).toEqual([
      'Confirm your subscription to Herald Status',
      '[Investigating] Search is slow',
      'Your subscription to Herald Status',
    ]);
    const links = mails[2]!;
    expect(links.text).toContain('The links in earlier emails no longer work.');
    expect(links.html).toContain('Choose components');
    expect(links.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const manage = linkIn(links, '/v1/subscriptions/manage?token=');
    expect(linkIn(links, '/v1/subscriptions/unsubscribe?token=')).toBe(manage.replace('/manage?', '/unsubscribe?'));

    // The notification's links were replaced; the fresh ones work
    const stale = await oneClick(notification);
    expect(stale.status).toBe(410);
    expect(await stale.text()).toContain('This link was replaced');
    expect((await world.app.request(pathOf(linkIn(notification, '/v1/subscriptions/manage?token=')))).status).toBe(410);
    expect((await world.app.request(pathOf(manage))).status).toBe(200);
    expect((await oneClick(links)).status).toBe(200);
    await notify('Search is down');
    expect(world.mailsTo('fay@example.com')).toHaveLength(3);
  });

  it('keeps one-click unsubscribe working from a notification for a year, and not after', async () => {
    // Prepare: two subscribers, one notification each
    world.setNow('2026-11-27T12:00:00.000Z');
    await confirmedSubscriber('gus@example.com');
    await confirmedSubscriber('hal@example.com');
    await notify('Checkout is failing');
    const [gus, hal] = [world.mailsTo('gus@example.com').at(-1)!, world.mailsTo('hal@example.com').at(-1)!];

    // Act and assess: 364 days on, one-click works; 365 days on, it has expired
    world.setNow('2027-11-26T12:00:00.000Z');
    const works = await oneClick(gus);
    expect(works.status).toBe(200);
    expect(await works.text()).toContain('You are unsubscribed');

    world.setNow('2027-11-27T12:00:00.000Z');
    const expired = await oneClick(hal);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
  });
});
