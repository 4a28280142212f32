// POST /v1/subscribers as an import sends it: one call whose addresses mix every case the import
// reads the store for (new, already confirmed, pending, suppressed, left by unsubscribing or by a
// responder's removal, left and then confirmed again), spread over more than one BatchGetItem's 100
// keys, answers each address as it would answer it alone; run again it changes nothing, and the
// "left" records are read only for addresses that are neither suppressed nor confirmed already.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportResultSchema } from '#api/schemas';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import type { Subscriber } from '#app/subscriptions/subscriber';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

async function importing(body: unknown) {
  const res = await api.request('POST', '/v1/subscribers', body);
  expect(res.status).toBe(200);
  return ImportResultSchema.parse(await res.json());
}

const at = () => api.clock.iso();

/** A subscriber written straight to the store, as a sign-up or an earlier import left it. */
function aSubscriber(email: string, status: Subscriber['status']): Subscriber {
  return {
    id: subscriberIdFor(email),
    email,
    status,
    components: [],
    source: 'import',
    created_at: at(),
    updated_at: at(),
    confirmed_at: status === 'confirmed' ? at() : null,
    confirm_requested_at: status === 'pending' ? at() : null,
    version: 1,
  };
}

/** 240 addresses: new ones, with the special cases at positions that fall in different 100-key reads. */
const special = {
  confirmed: 'already@example.org',
  pending: 'pending@example.org',
  suppressed: 'bounced@example.org',
  suppressedConfirmed: 'bounced-member@example.org',
  unsubscribed: 'unsubscribed@example.org',
  removed: 'removed@example.org',
  leftPending: 'left-then-signed-up@example.org',
  leftConfirmed: 'left-then-confirmed@example.org',
};
const fresh = (n: number) => `new-${n}@example.org`;
const addresses = Array.from({ length: 232 }, (_, n) => fresh(n));
addresses.splice(3, 0, special.confirmed);
addresses.splice(99, 0, special.suppressed);
addresses.splice(100, 0, special.unsubscribed);
addresses.splice(150, 0, special.pending);
addresses.splice(199, 0, special.removed);
addresses.splice(201, 0, special.leftPending);
addresses.splice(220, 0, special.leftConfirmed);
addresses.push(special.suppressedConfirmed);

describe('POST /v1/subscribers: the store read for a whole call', () => {
  beforeAll(async () => {
    // Prepare: each special address in its state
    const store = api.deps.store;
    const { created } = await store.subscribers.createMany([
      { subscriber: aSubscriber(special.confirmed, 'confirmed') },
      { subscriber: aSubscriber(special.pending, 'pending') },
      { subscriber: aSubscriber(special.suppressedConfirmed, 'confirmed') },
      { subscriber: aSubscriber(special.unsubscribed, 'confirmed') },
      { subscriber: aSubscriber(special.removed, 'confirmed') },
      { subscriber: aSubscriber(special.leftPending, 'confirmed') },
      { subscriber: aSubscriber(special.leftConfirmed, 'confirmed') },
    ]);
    expect(created).toHaveLength(7);
    for (const email of [special.suppressed, special.suppressedConfirmed]) {
      await store.suppressions.suppress({ email, reason: 'bounce', detail: null, feedback_id: null, at: at() });
    }
    expect(await store.subscribers.delete(subscriberIdFor(special.unsubscribed), { reason: 'unsubscribed', at: at() })).toBe(true);
    expect(await store.subscribers.delete(subscriberIdFor(special.removed), { reason: 'removed', at: at() })).toBe(true);
    for (const [email, status] of [[special.leftPending, 'pending'], [special.leftConfirmed, 'confirmed']] as const) {
      expect(await store.subscribers.delete(subscriberIdFor(email), { reason: 'unsubscribed', at: at() })).toBe(true);
      // Signed up again: pending (its own confirmation still to come), or confirmed by the person.
      expect((await store.subscribers.createMany([{ subscriber: aSubscriber(email, status) }])).created).toHaveLength(1);
    }
  });

  const expectedSkips = [
    { email: special.confirmed, reason: 'exists' },
    { email: special.suppressed, reason: 'suppressed' },
    { email: special.unsubscribed, reason: 'unsubscribed' },
    { email: special.removed, reason: 'removed' },
    { email: special.leftPending, reason: 'unsubscribed' },
    { email: special.leftConfirmed, reason: 'exists' },
    { email: special.suppressedConfirmed, reason: 'suppressed' },
  ];

  it('a dry run answers each address as the import will', async () => {
    const result = await importing({ subscribers: addresses.map((email) => ({ email })), confirmed: true, dry_run: true });

    expect(result.skipped_addresses).toEqual(expectedSkips);
    expect(result.would_import).toEqual(addresses.filter((a) => a.startsWith('new-') || a === special.pending));
    expect(result.imported).toBe(233);
  });

  it('imports the new ones, confirms the pending one, and skips each of the others with its reason', async () => {
    // Act
    const result = await importing({ subscribers: addresses.map((email) => ({ email })), confirmed: true });

    // Assess
    expect(result).toEqual({ imported: 233, skipped: 7, skipped_addresses: expectedSkips });
    const stored = await api.deps.store.subscribers.getMany(addresses.map((a) => subscriberIdFor(a)));
    expect(stored.get(subscriberIdFor(fresh(0)))?.status).toBe('confirmed');
    expect(stored.get(subscriberIdFor(fresh(231)))?.status).toBe('confirmed');
    expect(stored.get(subscriberIdFor(special.pending))?.status).toBe('confirmed');
    expect(stored.get(subscriberIdFor(special.leftPending))?.status).toBe('pending');
    expect(stored.has(subscriberIdFor(special.suppressed))).toBe(false);
    expect(stored.has(subscriberIdFor(special.unsubscribed))).toBe(false);
    expect(stored.has(subscriberIdFor(special.removed))).toBe(false);
    expect((await api.deps.store.subscribers.counts(at())).confirmed).toBe(3 + 233);
  });

  it('run again, changes nothing and reads "left" records only where they decide the answer', async () => {
    // Prepare: count the ids whose "left" record the import asks for
    const subscribers = api.deps.store.subscribers;
    const leftAmong = subscribers.leftAmong;
    const asked: string[] = [];
    subscribers.leftAmong = (ids) => {
      asked.push(...ids);
      return leftAmong.call(subscribers, ids);
    };
    try {
      // Act
      const again = await importing({ subscribers: addresses.map((email) => ({ email })), confirmed: true });

      // Assess
      expect(again.imported).toBe(0);
      expect(again.skipped_addresses).toEqual(addresses.map((email) => ({ email, reason: expectedSkips.find((s) => s.email === email)?.reason ?? 'exists' })));
      expect(asked.sort()).toEqual([special.unsubscribed, special.removed, special.leftPending].map((e) => subscriberIdFor(e)).sort());
      expect((await subscribers.counts(at())).confirmed).toBe(3 + 233);
    } finally {
      subscribers.leftAmong = leftAmong;
    }
  });
});
