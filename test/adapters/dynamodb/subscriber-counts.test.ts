import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchWrite } from '#adapters/dynamodb/subscriber-batch-io';
import { countDeltas, readCounts, reconcileSubscriberCounts } from '#adapters/dynamodb/subscriber-counts';
import { subscriberItem } from '#adapters/dynamodb/subscriber-repository';
import { pendingExpiry, type Subscriber, type SubscriberStatus } from '#app/subscriptions/subscriber';
import { createTestApi, type TestApi } from '../../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const NOW = '2026-11-10T12:00:00.000Z';
const aSubscriber = (id: string, status: SubscriberStatus): Subscriber => ({
  id, email: `${id}@example.com`, status, components: [], source: 'form',
  created_at: NOW, updated_at: NOW, confirmed_at: status === 'confirmed' ? NOW : null, confirm_requested_at: NOW, version: 1,
});

describe('countDeltas', () => {
  it('moves one subscriber from one bucket to another, and drops what cancels out', () => {
    const moved = countDeltas({ id: 'a', status: 'confirmed' }, { id: 'a', status: 'suppressed' });
    expect([...moved.values()].map(({ bucket, delta }) => ({ bucket, delta }))).toEqual([
      { bucket: 'confirmed', delta: -1 },
      { bucket: 'suppressed', delta: 1 },
    ]);
    expect(countDeltas({ id: 'a', status: 'confirmed' }, { id: 'a', status: 'confirmed' }).size).toBe(0);
  });

  it('counts a pending subscriber in the bucket of the UTC day its TTL falls on, a bucket that expires after it', () => {
    const ttl = pendingExpiry(NOW); // 2026-11-17T12:00Z
    const [entry] = [...countDeltas(null, { id: 'p', status: 'pending', expiresAt: ttl }).values()];
    expect(entry).toMatchObject({ bucket: 'pending#2026-11-17', delta: 1 });
    expect(entry!.expiresAt).toBe(Date.parse('2026-11-20T00:00:00Z') / 1000);
  });
});

describe('subscriber counters', () => {
  it('keeps count of concurrent new subscribers (no count lost to a race on a shared counter)', async () => {
    const own = await createTestApi();
    try {
      await Promise.all(Array.from({ length: 24 }, (_, i) => own.deps.store.subscribers.save(aSubscriber(`race${i}`, 'confirmed'), 0)));
      expect(await readCounts(own.table, NOW)).toEqual({ pending: 0, confirmed: 24, suppressed: 0 });
    } finally {
      await own.drop();
    }
  });

  it('reconciles a table whose subscribers predate the counters, and a second run changes nothing', async () => {
    const pending = Array.from({ length: 30 }, (_, i) => aSubscriber(`old-pending-${i}`, 'pending'));
    const confirmed = Array.from({ length: 120 }, (_, i) => aSubscriber(`old-confirmed-${i}`, 'confirmed'));
    await batchWrite(api.table, [
      ...pending.map((s) => ({ PutRequest: { Item: subscriberItem(s, pendingExpiry(NOW)) } })),
      ...confirmed.map((s) => ({ PutRequest: { Item: subscriberItem(s) } })),
    ]);
    await api.deps.store.subscribers.save(aSubscriber('counted-1', 'suppressed'), 0);
    expect(await readCounts(api.table, NOW)).toEqual({ pending: 0, confirmed: 0, suppressed: 1 });

    expect(await reconcileSubscriberCounts(api.table)).toBeGreaterThan(0);

    expect(await readCounts(api.table, NOW)).toEqual({ pending: 30, confirmed: 120, suppressed: 1 });
    expect(await reconcileSubscriberCounts(api.table)).toBe(0);
    expect(await readCounts(api.table, '2026-11-18T00:00:00.000Z')).toEqual({ pending: 0, confirmed: 120, suppressed: 1 });
  });
});
