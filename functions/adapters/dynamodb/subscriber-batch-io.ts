// BatchGetItem and BatchWriteItem with their limits (100 keys, 25 writes) and their unprocessed
// remainders retried with backoff: the subscriber, suppression and ledger repositories read and
// write many items at a time through these.
import { BatchGetCommand, BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from './client';

type Key = Record<string, string>;
type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt) * Math.random()));

/** Strongly consistent reads of many keys, in any order; missing items are simply absent. */
export async function batchGet(ctx: TableContext, keys: readonly Key[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const chunks: Key[][] = [];
  for (let i = 0; i < keys.length; i += 100) chunks.push(keys.slice(i, i + 100));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Key[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await pause(attempt);
        if (attempt > 12) throw new Error('BatchGetItem kept leaving keys unprocessed');
        const out = await ctx.doc.send(
          new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        items.push(...((out.Responses?.[ctx.tableName] ?? []) as Record<string, unknown>[]));
        pending = (out.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []) as Key[];
      }
    }),
  );
  return items;
}

/** Unconditional puts and deletes, 25 a call, unprocessed ones retried. */
export async function batchWrite(ctx: TableContext, requests: readonly WriteRequest[]): Promise<void> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await pause(attempt);
        if (attempt > 12) throw new Error('BatchWriteItem kept leaving writes unprocessed');
        const out = await ctx.doc.send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: pending } }));
        pending = out.UnprocessedItems?.[ctx.tableName] ?? [];
      }
    }),
  );
}
