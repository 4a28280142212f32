// The subscriber count costs the same at 100,000 subscribers as at 50: counted as DynamoDB
// requests and items read through an instrumented client, never as time. A scale test: it runs
// after the main suite (vitest.scale.config.ts), so its seeding does not starve the others.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchWrite } from '#adapters/dynamodb/subscriber-batch-io';
import { countDeltas, counterUpdates, type CountDeltas } from '#adapters/dynamodb/subscriber-counts';
import { subscriberItem } from '#adapters/dynamodb/subscriber-repository';
import { listSubscribers } from '#app/subscriptions/list-subscribers';
import type { Subscriber } from '#app/subscriptions/subscriber';
import { createTestApi, type TestApi } from '../support/api';

describe('GET /v1/subscribers: the count at scale', () => {
  const confirmedSubscriber = (id: string, at: string): Subscriber => ({
    id, email: `${id}@example.com`, status: 'confirmed', components: [], source: 'import',
    created_at: at, updated_at: at, confirmed_at: at, confirm_requested_at: null, version: 1,
  });

  /** Counts the DynamoDB requests `work` makes through `world`'s client, and the items they read. */
  async function metered<T>(world: TestApi, work: () => Promise<T>): Promise<{ result: T; requests: number; itemsRead: number }> {
    let requests = 0;
    let itemsRead = 0;
    const name = `meter-${Math.random()}`;
    world.table.doc.middlewareStack.add(
      (next) => async (args) => {
        requests++;
        const out = await next(args);
        const output = out.output as { ScannedCount?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
        itemsRead += output.ScannedCount ?? (output.Item ? 1 : 0) + Object.values(output.Responses ?? {}).flat().length;
        return out;
      },
      { step: 'initialize', name },
    );
    try {
      return { result: await work(), requests, itemsRead };
    } finally {
      world.table.doc.middlewareStack.remove(name);
    }
  }

  async function seedConfirmed(world: TestApi, n: number) {
    const at = '2026-11-01T00:00:00.000Z';
    const subscribers = Array.from({ length: n }, (_, i) => confirmedSubscriber(`seed${String(i).padStart(6, '0')}`, at));
    // Straight into the table, 25 a BatchWriteItem, many at once; with the counters as the repository keeps them.
    for (let i = 0; i < subscribers.length; i += 5000) {
      await batchWrite(world.table, subscribers.slice(i, i + 5000).map((s) => ({ PutRequest: { Item: subscriberItem(s) } })));
    }
    const deltas = subscribers.reduce((d, s) => countDeltas(null, { id: s.id, status: s.status }, d), new Map() as CountDeltas);
    await world.table.doc.send(new TransactWriteCommand({ TransactItems: counterUpdates(world.table.tableName, deltas) }));
  }

  it('costs the same DynamoDB requests and items read at 100,000 subscribers as at 50', { timeout: 600_000 }, async () => {
    const small = await createTestApi();
    const large = await createTestApi();
    try {
      await seedConfirmed(small, 50);
      await seedConfirmed(large, 100_000);
      const measure = (world: TestApi) => metered(world, () => listSubscribers(world.deps, { limit: 10 }));

      const atSmall = await measure(small);
      const atLarge = await measure(large);

      expect(atSmall.result.count).toBe(50);
      expect(atLarge.result.count).toBe(100_000);
      expect(atLarge.result.subscribers).toHaveLength(10);
      expect({ requests: atLarge.requests, itemsRead: atLarge.itemsRead }).toEqual({ requests: atSmall.requests, itemsRead: atSmall.itemsRead });
      expect(atSmall.requests).toBeGreaterThan(0); // the meter sees the requests
      expect(atSmall.itemsRead).toBeGreaterThanOrEqual(10);
      expect(atLarge.requests).toBeLessThanOrEqual(3);
    } finally {
      await Promise.all([small.drop(), large.drop()]);
    }
  });
});
