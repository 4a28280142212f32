// How many subscribers there are, in O(1): counters kept in the same transaction as every write of
// a subscriber item (subscriber-repository.ts calls these helpers from save, createMany and delete;
// any other code that writes or deletes a subscriber item in its own transaction must add
// `counterUpdates(tableName, countDeltas(before, after))` to it).
//
// - Counters are sharded (SHARDS items per bucket, the shard chosen by the subscriber id), so
//   concurrent writes of different subscribers rarely touch one item.
// - Pending subscribers are forgotten by TTL, which no transaction sees: they are counted in
//   buckets by the UTC day their TTL falls on, and a bucket stops counting once that day is past
//   (the bucket items expire by TTL too). A pending count is exact to the day.
// - Reading is one query of one small partition, whatever the number of subscribers.
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { SubscriberStatus } from '#app/subscriptions/subscriber';
import type { TableContext } from './client';
import { keys } from './keys';
import { queryAll } from './query-all';
import { TTL_ATTRIBUTE } from './table-definition';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const SHARDS = 4;

/** What a stored subscriber item counts as: its status and, for a pending one, when its TTL falls. */
export interface CountedAs {
  id: string;
  status: SubscriberStatus;
  /** Epoch seconds (the item's TTL), if it has one. */
  expiresAt?: number;
}

/** The counter change of one write, by counter item (sort key). */
export type CountDeltas = Map<string, { bucket: string; shard: number; delta: number; expiresAt?: number }>;

/** The counter a stored item reads from: a table item with `id`, `status` and maybe a TTL. */
export function countedAs(item: Record<string, unknown> | undefined | null): CountedAs | null {
  if (!item || typeof item.id !== 'string' || typeof item.status !== 'string') return null;
  const ttl = item[TTL_ATTRIBUTE];
  return { id: item.id, status: item.status as SubscriberStatus, ...(typeof ttl === 'number' ? { expiresAt: ttl } : {}) };
}

const DAY_SECONDS = 24 * 3600;
const day = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 10);

function shardOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % SHARDS;
}

function bucketOf(c: CountedAs): { bucket: string; expiresAt?: number } {
  if (c.status !== 'pending') return { bucket: c.status };
  if (c.expiresAt === undefined) return { bucket: 'pending#none' };
  // The bucket item outlives its day by two, then goes by TTL like the subscribers it counted.
  const end = Math.floor(c.expiresAt / DAY_SECONDS + 1) * DAY_SECONDS;
  return { bucket: `pending#${day(c.expiresAt)}`, expiresAt: end + 2 * DAY_SECONDS };
}

/** The counter changes that take the table from `before` to `after` (either may be null), added to `into`. */
export function countDeltas(before: CountedAs | null, after: CountedAs | null, into: CountDeltas = new Map()): CountDeltas {
  const add = (c: CountedAs | null, delta: number) => {
    if (!c) return;
    const { bucket, expiresAt } = bucketOf(c);
    const shard = shardOf(c.id);
    const sk = keys.subscriberCount(bucket, shard).sk;
    const entry = into.get(sk) ?? { bucket, shard, delta: 0, ...(expiresAt === undefined ? {} : { expiresAt }) };
    entry.delta += delta;
    into.set(sk, entry);
  };
  add(before, -1);
  add(after, +1);
  for (const [sk, entry] of into) if (entry.delta === 0) into.delete(sk);
  return into;
}

/** The transaction items that apply the changes (ADD, so concurrent writers never lose a count). */
export function counterUpdates(tableName: string, deltas: CountDeltas): TransactItem[] {
  return [...deltas.values()].map(({ bucket, shard, delta, expiresAt }) => ({
    Update: {
      TableName: tableName,
      Key: keys.subscriberCount(bucket, shard),
      UpdateExpression: `ADD #n :d SET #type = :type, #bucket = :bucket${expiresAt === undefined ? '' : ', #ttl = :ttl'}`,
      ExpressionAttributeNames: {
        '#n': 'n',
        '#type': 'type',
        '#bucket': 'bucket',
        ...(expiresAt === undefined ? {} : { '#ttl': TTL_ATTRIBUTE }),
      },
      ExpressionAttributeValues: {
        ':d': delta,
        ':type': 'subscriber_count',
        ':bucket': bucket,
        ...(expiresAt === undefined ? {} : { ':ttl': expiresAt }),
      },
    },
  }));
}

/** Every counter item (one small partition), strongly consistent. */
function counterItems(ctx: TableContext): Promise<Record<string, unknown>[]> {
  return queryAll(ctx, {
    TableName: ctx.tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.subscriberCountsPartition() },
    ConsistentRead: true,
  });
}

/**
 * Subscribers by status at `now`: one query of the counters' partition (a few dozen small items,
 * however many subscribers). Pending ones whose TTL day has passed are not counted.
 */
export async function readCounts(ctx: TableContext, now: string): Promise<Record<SubscriberStatus, number>> {
  const counts: Record<SubscriberStatus, number> = { pending: 0, confirmed: 0, suppressed: 0 };
  const today = now.slice(0, 10);
  for (const item of await counterItems(ctx)) {
    const bucket = String(item.bucket);
    const n = Number(item.n ?? 0);
    if (bucket === 'confirmed' || bucket === 'suppressed') counts[bucket] += n;
    else if (bucket === 'pending#none' || (bucket.startsWith('pending#') && bucket.slice('pending#'.length) >= today)) counts.pending += n;
  }
  return counts;
}

/**
 * Sets the counters to what the subscriber items say, for a table whose subscribers predate them
 * (an upgrade): walks every subscriber once (projection: id, status, TTL) and ADDs the difference,
 * so writes made while it runs are kept. Run it once, at a quiet time; a second run changes nothing.
 * Returns how many counter items it corrected.
 */
export async function reconcileSubscriberCounts(ctx: TableContext): Promise<number> {
  const wanted: CountDeltas = new Map();
  for (const status of ['pending', 'confirmed', 'suppressed'] as const) {
    const subscribers = await queryAll(ctx, {
      TableName: ctx.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.subscribersByStatusPartition(status) },
      ProjectionExpression: 'id, #status, #ttl',
      ExpressionAttributeNames: { '#status': 'status', '#ttl': TTL_ATTRIBUTE },
    });
    for (const item of subscribers) countDeltas(null, countedAs(item), wanted);
  }
  const have = new Map<string, number>();
  for (const item of await counterItems(ctx)) have.set(String(item.sk), Number(item.n ?? 0));
  const corrections: CountDeltas = new Map();
  for (const [sk, entry] of wanted) {
    const delta = entry.delta - (have.get(sk) ?? 0);
    if (delta !== 0) corrections.set(sk, { ...entry, delta });
  }
  for (const [sk, n] of have) {
    if (wanted.has(sk) || n === 0) continue;
    const [bucket, shard] = [sk.slice(0, sk.lastIndexOf('#')), Number(sk.slice(sk.lastIndexOf('#') + 1))];
    corrections.set(sk, { bucket, shard, delta: -n });
  }
  const updates = counterUpdates(ctx.tableName, corrections);
  for (let i = 0; i < updates.length; i += 100) {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: updates.slice(i, i + 100) }));
  }
  return updates.length;
}
