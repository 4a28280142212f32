// Manage and unsubscribe links expire a year after their mail, and stop working once the
// subscriber has asked for fresh ones (subscribing again while confirmed). Until then RFC 8058
// one-click works from any old mail. Time is the test world's clock only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGE_TOKEN_DAYS } from '#app/subscriptions/subscriber';
import { subscriptionsWorld, type SubscriptionsWorld } from './subscriptions-support';

let w: SubscriptionsWorld;
beforeAll(async () => {
  w = await subscriptionsWorld();
});
afterAll(() => w.drop());

const DAY = 86_400_000;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function confirmed(email: string) {
  expect((await w.subscribe(email)).status).toBe(202);
  expect((await w.postConfirm(await w.mailedConfirmToken((await w.subscriber(email))!))).status).toBe(200);
  return (await w.subscriber(email))!;
}

describe('a manage link', () => {
  it('works for a year after its mail: one-click unsubscribe from a 364-day-old mail', async () => {
    w.api.setNow('2026-11-27T09:00:00.000Z');
    const s = await confirmed('year@example.com');
    const token = await w.manageToken(s); // the notification mailed now

    w.api.clock.advance(364 * DAY);
    expect((await w.app.request(`/v1/subscriptions/manage?token=${token}`)).status).toBe(200);
    const res = await w.oneClick(token);

    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    expect(await w.subscriber('year@example.com')).toBeNull();
  });

  it('stops working a year after its mail, for every use, and changes nothing', async () => {
    w.api.setNow('2026-11-27T10:00:00.000Z');
    const s = await confirmed('expired@example.com');
    const token = await w.manageToken(s);
    const fresher = async () => w.manageToken((await w.subscriber('expired@example.com'))!);

    w.api.clock.advance(MANAGE_TOKEN_DAYS * DAY);
    const uses = [
      w.app.request(`/v1/subscriptions/manage?token=${token}`),
      w.app.request(`/v1/subscriptions/unsubscribe?token=${token}`),
      w.app.request(`/v1/subscriptions/manage?token=${token}`, { method: 'POST', headers: form, body: '' }),
      w.oneClick(token),
    ];
    for (const res of await Promise.all(uses)) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('This link has expired');
    }
    expect(await w.subscriber('expired@example.com')).toEqual(s);
    // A link from a newer mail still works
    expect((await w.app.request(`/v1/subscriptions/manage?token=${await fresher()}`)).status).toBe(200);
  });
});

describe('asking for fresh links (subscribing again while confirmed)', () => {
  it('replaces the old links: they stop working, the new ones work', async () => {
    // Prepare: confirmed at 11:00, a notification's links
    w.api.setNow('2026-11-27T11:00:00.000Z');
    const s = await confirmed('rotate@example.com');
    const old = await w.manageToken(s);

    // Act: subscribes again 20 minutes later
    w.api.setNow('2026-11-27T11:20:00.000Z');
    expect((await w.subscribe('rotate@example.com')).status).toBe(202);

    // Assess: a fresh-links request is recorded (the mailer sends it), the epoch moved on
    const after = (await w.subscriber('rotate@example.com'))!;
    expect(after).toMatchObject({ status: 'confirmed', links_requested_at: '2026-11-27T11:20:00.000Z' });
    expect(after.token_epoch).toBe(Date.parse('2026-11-27T11:20:00.000Z'));
    for (const res of [
      await w.app.request(`/v1/subscriptions/manage?token=${old}`),
      await w.app.request(`/v1/subscriptions/unsubscribe?token=${old}`),
      await w.app.request(`/v1/subscriptions/manage?token=${old}`, { method: 'POST', headers: form, body: '' }),
      await w.oneClick(old),
    ]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('This link was replaced');
    }
    expect((await w.subscriber('rotate@example.com'))?.version).toBe(after.version);
    const fresh = await w.manageToken(after);
    expect((await w.app.request(`/v1/subscriptions/manage?token=${fresh}`)).status).toBe(200);
    expect((await w.oneClick(fresh)).status).toBe(200);
    expect(await w.subscriber('rotate@example.com')).toBeNull();
  });

  it('happens at most once in ten minutes per address (the old links keep working meanwhile)', async () => {
    w.api.setNow('2026-11-27T12:00:00.000Z');
    const s = await confirmed('often@example.com');
    const old = await w.manageToken(s);

    w.api.setNow('2026-11-27T12:09:59.000Z'); // within ten minutes of the confirmation mail
    await w.subscribe('often@example.com');
    expect(await w.subscriber('often@example.com')).toEqual(s);
    expect((await w.app.request(`/v1/subscriptions/manage?token=${old}`)).status).toBe(200);

    w.api.setNow('2026-11-27T12:10:00.000Z');
    await w.subscribe('often@example.com');
    const rotated = (await w.subscriber('often@example.com'))!;
    expect(rotated.links_requested_at).toBe('2026-11-27T12:10:00.000Z');

    w.api.setNow('2026-11-27T12:15:00.000Z'); // within ten minutes of the fresh links
    await w.subscribe('often@example.com');
    expect(await w.subscriber('often@example.com')).toEqual(rotated);
  });

  it('a link from before the address left does not work for its new subscription', async () => {
    w.api.setNow('2026-11-27T13:00:00.000Z');
    const s = await confirmed('returning@example.com');
    const old = await w.manageToken(s);
    await w.oneClick(old);
    w.api.setNow('2026-11-27T13:30:00.000Z');
    await confirmed('returning@example.com');

    const res = await w.app.request(`/v1/subscriptions/manage?token=${old}`);

    expect(res.status).toBe(410);
    expect((await w.oneClick(old)).status).toBe(410);
    expect((await w.subscriber('returning@example.com'))?.status).toBe('confirmed');
  });
});
