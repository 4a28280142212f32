// Unsubscribed means unsubscribed: an address that left (its own unsubscribe link, or a responder
// deleting it) is not brought back by an import, confirmed or not, until the person confirms a
// new subscription themselves. Suppressed addresses (a permanent bounce or a complaint) neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFeedback } from '#app/notifications/record-feedback';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { subscriptionsWorld, type SubscriptionsWorld } from './subscriptions-support';

let w: SubscriptionsWorld;
beforeAll(async () => {
  w = await subscriptionsWorld();
});
afterAll(() => w.drop());

/** A subscriber who signed up with the form and confirmed. */
async function confirmed(email: string) {
  expect((await w.subscribe(email)).status).toBe(202);
  expect((await w.postConfirm(await w.mailedConfirmToken((await w.subscriber(email))!))).status).toBe(200);
  return (await w.subscriber(email))!;
}

describe('an address that unsubscribed', () => {
  it('is skipped by a confirmed import, and by an unconfirmed one, with the reason', async () => {
    // Prepare: confirmed, then one-click unsubscribe from a notification
    const s = await confirmed('gone@example.com');
    expect((await w.oneClick(await w.manageToken(s))).status).toBe(200);

    // Act
    const forced = await w.importing({ subscribers: [{ email: 'Gone@Example.com' }, { email: 'new-one@example.com' }], confirmed: true });
    const asked = await w.importing({ subscribers: [{ email: 'gone@example.com' }] });

    // Assess
    expect(forced).toEqual({ imported: 1, skipped: 1, skipped_addresses: [{ email: 'gone@example.com', reason: 'unsubscribed' }] });
    expect(asked).toEqual({ imported: 0, skipped: 1, skipped_addresses: [{ email: 'gone@example.com', reason: 'unsubscribed' }] });
    expect(await w.subscriber('gone@example.com')).toBeNull();
  });

  it('keeps the record, without the address, by its subscriber id', async () => {
    const s = await confirmed('private@example.com');
    await w.oneClick(await w.manageToken(s));

    const left = await w.api.deps.store.subscribers.leftAmong([subscriberIdFor('private@example.com')]);

    expect([...left.values()]).toEqual([{ reason: 'unsubscribed', at: w.api.clock.iso() }]);
    expect(JSON.stringify([...left])).not.toContain('private@example.com');
  });

  it('is not confirmed by an import while it has only asked again (pending), and is after its own confirmation', async () => {
    // Prepare: left, then signs up again with the form (a new confirmation mail)
    const s = await confirmed('back@example.com');
    await w.oneClick(await w.manageToken(s));
    w.api.clock.advance(60_000);
    expect((await w.subscribe('back@example.com')).status).toBe(202);
    const again = (await w.subscriber('back@example.com'))!;
    expect(again.status).toBe('pending');

    // Act 1: a responder's confirmed import does not confirm it for them
    const forced = await w.importing({ subscribers: [{ email: 'back@example.com' }], confirmed: true });
    expect(forced.skipped_addresses).toEqual([{ email: 'back@example.com', reason: 'unsubscribed' }]);
    expect((await w.subscriber('back@example.com'))?.status).toBe('pending');

    // Act 2: the person confirms the new link: subscribed, and the record is gone
    expect((await w.postConfirm(await w.mailedConfirmToken(again))).status).toBe(200);
    expect((await w.subscriber('back@example.com'))?.status).toBe('confirmed');
    expect((await w.api.deps.store.subscribers.leftAmong([again.id])).size).toBe(0);
    expect((await w.importing({ subscribers: [{ email: 'back@example.com' }], confirmed: true })).skipped_addresses).toEqual([
      { email: 'back@example.com', reason: 'exists' },
    ]);

    // And leaving again is respected again
    await w.oneClick(await w.manageToken((await w.subscriber('back@example.com'))!));
    expect((await w.importing({ subscribers: [{ email: 'back@example.com' }], confirmed: true })).skipped_addresses).toEqual([
      { email: 'back@example.com', reason: 'unsubscribed' },
    ]);
  });

  it('is not confirmed by the confirm link of a mail from before it left', async () => {
    // Prepare: a confirmation mail, confirmed, unsubscribed, and (a minute later) signed up again by anyone
    expect((await w.subscribe('old-link@example.com')).status).toBe(202);
    const first = (await w.subscriber('old-link@example.com'))!;
    const oldLink = await w.mailedConfirmToken(first);
    await w.postConfirm(oldLink);
    await w.oneClick(await w.manageToken((await w.subscriber('old-link@example.com'))!));
    w.api.clock.advance(60_000);
    await w.subscribe('old-link@example.com');

    // Act: the old link (still within its day) is followed
    const res = await w.postConfirm(oldLink);

    // Assess: refused; still pending and still recorded as left
    expect(res.status).toBe(410);
    expect((await w.subscriber('old-link@example.com'))?.status).toBe('pending');
    expect((await w.api.deps.store.subscribers.leftAmong([first.id])).get(first.id)?.reason).toBe('unsubscribed');
  });
});

describe('an address a responder deleted', () => {
  it('is skipped by imports as removed', async () => {
    const s = await confirmed('deleted@example.com');
    expect((await w.api.request('DELETE', `/v1/subscribers/${s.id}`)).status).toBe(204);
    expect((await w.api.request('DELETE', `/v1/subscribers/${s.id}`)).status).toBe(404);

    const result = await w.importing({ subscribers: [{ email: 'deleted@example.com' }], confirmed: true });

    expect(result.skipped_addresses).toEqual([{ email: 'deleted@example.com', reason: 'removed' }]);
    expect(await w.subscriber('deleted@example.com')).toBeNull();
  });
});

describe('a suppressed address', () => {
  it('is skipped by imports after a complaint', async () => {
    await confirmed('complainer@example.com');
    await recordFeedback(w.api.deps, { kind: 'complaint', email: 'complainer@example.com', detail: null, feedbackId: 'fb-1' });
    expect((await w.subscriber('complainer@example.com'))?.status).toBe('suppressed');

    const result = await w.importing({ subscribers: [{ email: 'complainer@example.com' }], confirmed: true });

    expect(result.skipped_addresses).toEqual([{ email: 'complainer@example.com', reason: 'suppressed' }]);
    expect((await w.subscriber('complainer@example.com'))?.status).toBe('suppressed');
  });
});
