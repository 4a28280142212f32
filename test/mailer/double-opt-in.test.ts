import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import type { StreamHandler } from '#mailer/stream-handler';
import { clickConfirm } from './support/confirm';
import { createMailWorld, linkIn, ORIGIN_SECRET, pathOf, type MailWorld } from './support/fixture';

let world: MailWorld;
let mailer: StreamHandler;
beforeAll(async () => {
  world = await createMailWorld();
  mailer = world.mailer();
});
afterAll(() => world.close());

async function declare(title: string) {
  const res = await world.api('POST', '/v1/incidents', { title, severity: 'SEV2', message: 'We are looking into it.' });
  expect(res.status).toBe(201);
  return IncidentSchema.parse(await res.json());
}

const subscribe = (email: string) =>
  world.app.request('/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', 'cloudfront-viewer-address': '198.51.100.7:40000', 'x-herald-origin-verify': ORIGIN_SECRET }, body: JSON.stringify({ email }) });

describe('double opt-in', () => {
  it('sends one confirmation mail, nothing else until it is confirmed, then the notifications', async () => {
    // Prepare
    world.setNow('2026-11-27T09:00:00.000Z');

    // Act: subscribe, and let the mailer see the change
    expect((await subscribe('Ada@Example.com')).status).toBe(202);
    await world.drain(mailer);

    // Assess: exactly one mail, the confirmation, to the normalised address
    const first = world.mailsTo('ada@example.com');
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe('Confirm your subscription to Herald Status');
    expect(first[0]!.text).toContain('The link works for 24 hours');
    expect(first[0]!.html).toContain('Confirm subscription');
    const confirm = linkIn(first[0]!, '/v1/subscriptions/confirm?token=');
    expect(confirm.startsWith('https://status.example.com/v1/subscriptions/confirm?token=c.')).toBe(true);

    // A notifying incident while the address is unconfirmed reaches nobody
    await declare('Search is slow');
    await world.drain(mailer);
    expect(world.mailsTo('ada@example.com')).toHaveLength(1);

    // A mail scanner fetching the link confirms nothing (a page with a button)
    const scanned = await world.app.request(pathOf(confirm));
    expect(scanned.status).toBe(200);
    expect(await scanned.text()).toContain('<button type="submit">Confirm subscription</button>');

    // Confirming (twice: the person presses the button again) and a second incident
    const confirmed = await clickConfirm(world.app, confirm);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');
    expect((await world.app.request(pathOf(confirm))).status).toBe(200); // now: "already subscribed"
    const again = await world.app.request('/v1/subscriptions/confirm', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${new URL(confirm).searchParams.get('token')}` });
    expect(again.status).toBe(200);
    const incident = await declare('Checkout is failing');
    await world.drain(mailer);
    const after = world.mailsTo('ada@example.com');
    expect(after).toHaveLength(2);
    expect(after[1]!.subject).toBe('[Investigating] Checkout is failing');
    expect(after[1]!.text).toContain(`https://status.example.com/incidents/${incident.id}/`);
  });

  it('sends no second confirmation for a repeat within ten minutes, and a new one after', async () => {
    world.setNow('2026-11-27T10:00:00.000Z');
    await subscribe('bea@example.com');
    world.setNow('2026-11-27T10:05:00.000Z');
    await subscribe('bea@example.com');
    await world.drain(mailer);
    expect(world.mailsTo('bea@example.com')).toHaveLength(1);

    world.setNow('2026-11-27T10:20:00.000Z');
    await subscribe('bea@example.com');
    await world.drain(mailer);
    const mails = world.mailsTo('bea@example.com');
    expect(mails).toHaveLength(2);
    expect(linkIn(mails[0]!, 'confirm?token=')).not.toBe(linkIn(mails[1]!, 'confirm?token='));
  });

  it('answers an already confirmed address the same way and, within ten minutes of its last mail, mails it nothing', async () => {
    world.setNow('2026-11-27T11:00:00.000Z');
    await subscribe('cy@example.com');
    await world.drain(mailer);
    const confirm = linkIn(world.mailsTo('cy@example.com')[0]!, 'confirm?token=');
    await clickConfirm(world.app, confirm);

    const pending = await (await subscribe('dee@example.com')).json();
    const again = await subscribe('cy@example.com');
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(pending);
    await world.drain(mailer);
    expect(world.mailsTo('cy@example.com')).toHaveLength(1);
  });

  it('refuses a confirm link after 24 hours', async () => {
    world.setNow('2026-11-27T12:00:00.000Z');
    await subscribe('eve@example.com');
    await world.drain(mailer);
    const confirm = linkIn(world.mailsTo('eve@example.com')[0]!, 'confirm?token=');
    world.setNow('2026-11-28T12:00:01.000Z');
    const res = await world.app.request(pathOf(confirm));
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('This link has expired');
  });
});
