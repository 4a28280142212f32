// createMany, the write behind POST /v1/subscribers: each transaction holds its subscribers and the
// counter shards they move (at most 100 items). Pending subscribers whose TTLs fall on many days
// move many counter items (a bucket per day, 4 shards each), so a transaction holds fewer of them:
// the chunks must still fit, every subscriber must be written once, and the counts must be exact.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounts } from '#adapters/dynamodb/subscriber-counts';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import type { Subscriber } from '#app/subscriptions/subscriber';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const NOW = '2026-11-10T12:00:00.000Z';
const DAY = 24 * 3600;

function pending(n: number): Subscriber {
  const email = `pending-${n}@example.org`;
  return {
    id: subscriberIdFor(email), email, status: 'pending', components: [], source: 'import',
    created_at: NOW, updated_at: NOW, confirmed_at: null, confirm_requested_at: NOW, version: 1,
  };
}

describe('createMany', () => {
  it('fits each transaction with the counters it moves, writes everyone once and counts them exactly', async () => {
    const sizes: number[] = [];
    const send = api.table.doc.send.bind(api.table.doc);
    api.table.doc.send = ((command: unknown, ...rest: unknown[]) => {
      if (command instanceof TransactWriteCommand) sizes.push(command.input.TransactItems?.length ?? 0);
      return (send as (...a: unknown[]) => unknown)(command, ...rest);
    }) as typeof api.table.doc.send;
    try {
      const start = Math.floor(Date.parse(NOW) / 1000) + DAY;
      // 300 pending subscribers over 30 TTL days: up to 120 counter items in all.
      const entries = Array.from({ length: 300 }, (_, n) => ({ subscriber: pending(n), expiresAt: start + (n % 30) * DAY }));
      const { created, existed } = await api.deps.store.subscribers.createMany(entries);
      expect(created).toHaveLength(300);
      expect(new Set(created).size).toBe(300);
      expect(existed).toEqual([]);
      expect(sizes.length).toBeGreaterThan(3);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
      // Chunks are filled: none but the last closes with room for another subscriber and its counters.
      expect(sizes.slice(0, -1).every((size) => size >= 95)).toBe(true);
      expect(await readCounts(api.table, NOW)).toEqual({ pending: 300, confirmed: 0, suppressed: 0 });

      // Again: every one exists, nothing is written or counted twice.
      const again = await api.deps.store.subscribers.createMany(entries);
      expect(again.created).toEqual([]);
      expect(again.existed).toHaveLength(300);
      expect(await readCounts(api.table, NOW)).toEqual({ pending: 300, confirmed: 0, suppressed: 0 });
    } finally {
      api.table.doc.send = send;
    }
  });
});
