// Subscribers: one item each (keyed by the id derived from the address), listed by status through
// gsi1. Pending ones carry a TTL so that an unconfirmed address is forgotten.
import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ContentionError, IdempotencyKeyTakenError, ValidationError } from '#core/errors';
import type { SubscriberRepository, SubscriberWriteOptions, WriteOptions } from '#app/ports/store';
import type { Subscriber, SubscriberLeft } from '#app/subscriptions/subscriber';
import type { TableContext } from './client';
import { fromItem, idempotencyPut, toItem } from './items';
import { keys } from './keys';
import { batchGet } from './subscriber-batch-io';
import { countDeltas, countedAs, counterUpdates, readCounts, type CountDeltas, type CountedAs } from './subscriber-counts';
import { TTL_ATTRIBUTE } from './table-definition';
import { cancellationCodes, commit, isTransactionConflict, plan } from './transactions';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** TransactWriteItems takes at most 100 items. */
const MAX_TRANSACTION = 100;

export function subscriberItem(subscriber: Subscriber, expiresAt?: number) {
  const address = {
    ...keys.subscriber(subscriber.id),
    ...keys.subscribersByStatus(subscriber.status, subscriber.created_at, subscriber.id),
  };
  const item: Record<string, unknown> = { ...toItem('subscriber', address, subscriber) };
  if (expiresAt !== undefined) item[TTL_ATTRIBUTE] = expiresAt;
  return item;
}

/** What a subscriber written with this TTL counts as (subscriber-counts.ts). */
const countedAfter = (subscriber: Subscriber, expiresAt?: number): CountedAs => ({
  id: subscriber.id,
  status: subscriber.status,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));

function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

function decodeCursor(cursor: string | null, partition: string): Record<string, unknown> | undefined {
  if (cursor === null) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const valid =
      key && typeof key === 'object' && key.gsi1pk === partition &&
      ['pk', 'sk', 'gsi1sk'].every((name) => typeof key[name] === 'string') && Object.keys(key).length === 4;
    if (valid) return key;
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not one this list gave out.', [{ path: 'cursor', message: 'invalid' }]);
}

export function subscriberRepository(ctx: TableContext): SubscriberRepository {
  const { doc, tableName } = ctx;

  const put = (subscriber: Subscriber, expectedVersion: number, expiresAt?: number): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: subscriberItem(subscriber, expiresAt),
      ...(expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
    },
  });

  async function transact(items: TransactItem[]): Promise<string[] | 'ok'> {
    for (let attempt = 1; ; attempt++) {
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return 'ok';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (isTransactionConflict(error)) {
          if (attempt >= 8) throw new ContentionError('The store is busy; try again.');
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
          continue;
        }
        return codes;
      }
    }
  }

  return {
    // One subscriber.
    async get(id) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.subscriber(id), ConsistentRead: true }));
      return Item ? fromItem<Subscriber>(Item) : null;
    },

    // Many subscribers by id (strongly consistent).
    async getMany(ids) {
      const items = await batchGet(ctx, [...new Set(ids)].map((id) => keys.subscriber(id)));
      return new Map(items.map((item) => [String(item.id), fromItem<Subscriber>(item)]));
    },

    // A subscriber written at the version the caller read (0: a new one), its "left" record cleared if asked.
    // The subscriber counters move in the same transaction, from what the version read counted as.
    async save(subscriber, expectedVersion, options: SubscriberWriteOptions = {}) {
      let before: CountedAs | null = null;
      if (expectedVersion !== 0) {
        const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.subscriber(subscriber.id), ConsistentRead: true }));
        if (!Item || Item.version !== expectedVersion) return 'stale';
        before = countedAs(Item);
      }
      const tx = plan();
      tx.add('primary', put(subscriber, expectedVersion, options.expiresAt));
      for (const item of counterUpdates(tableName, countDeltas(before, countedAfter(subscriber, options.expiresAt)))) tx.add('other', item);
      if (options.clearLeft) tx.add('other', { Delete: { TableName: tableName, Key: keys.subscriberLeft(subscriber.id) } });
      tx.withOptions(tableName, options);
      for (let attempt = 1; ; attempt++) {
        const outcome = await commit(ctx, tx);
        // A concurrent write on a shared counter says nothing about the subscriber: try again.
        if (outcome === 'conflict' && attempt < 8) {
          await jitter(attempt);
          continue;
        }
        return outcome === 'ok' ? 'saved' : 'stale';
      }
    },

    // New subscribers, a transaction of up to 100 at a time; the ones that exist are left alone.
    async createMany(items, options: WriteOptions = {}) {
      const created: string[] = [];
      const existed: string[] = [];
      const idempotency = options.idempotency ? (idempotencyPut(tableName, options.idempotency) as TransactItem) : null;
      const room = MAX_TRANSACTION - (idempotency ? 1 : 0);
      const countsOf = (chunk: readonly (typeof items)[number][]): CountDeltas =>
        chunk.reduce((deltas, { subscriber, expiresAt }) => countDeltas(null, countedAfter(subscriber, expiresAt), deltas), new Map() as CountDeltas);
      // Each chunk leaves room for the counter items it moves (kept as the chunk grows: new
      // subscribers only add, so a chunk's counters are the union of its entries').
      type Entry = (typeof items)[number];
      const chunks: Entry[][] = [];
      let current: Entry[] = [];
      let counters = new Set<string>();
      for (const entry of items) {
        const own = [...countsOf([entry]).keys()];
        const grown = counters.size + own.filter((sk) => !counters.has(sk)).length;
        if (current.length > 0 && current.length + 1 + grown > room) {
          chunks.push(current);
          current = [];
          counters = new Set();
        }
        current.push(entry);
        for (const sk of own) counters.add(sk);
      }
      if (current.length > 0) chunks.push(current);
      if (chunks.length === 0 && idempotency) chunks.push([]);
      for (const [index, first] of chunks.entries()) {
        // The idempotency record goes with the last write, so that a replay finds the whole answer.
        const record = index === chunks.length - 1 && idempotency ? [idempotency] : [];
        let chunk = first;
        while (chunk.length + record.length > 0) {
          const writes = chunk.map(({ subscriber, expiresAt }) => put(subscriber, 0, expiresAt));
          const outcome = await transact([...writes, ...record, ...counterUpdates(tableName, countsOf(chunk))]);
          if (outcome === 'ok') {
            created.push(...chunk.map(({ subscriber }) => subscriber.id));
            break;
          }
          const failed = new Set(outcome.flatMap((code, at) => (code === 'ConditionalCheckFailed' ? [at] : [])));
          if (record.length > 0 && failed.has(writes.length)) {
            throw new IdempotencyKeyTakenError('The Idempotency-Key was used by a concurrent request.');
          }
          if (failed.size === 0) throw new Error(`importing subscribers failed: ${outcome.join(', ')}`);
          existed.push(...chunk.filter((_, at) => failed.has(at)).map(({ subscriber }) => subscriber.id));
          chunk = chunk.filter((_, at) => !failed.has(at));
        }
      }
      return { created, existed };
    },

    // Forgets a subscriber; false if there was none. With `left`, records why in the same write.
    async delete(id, left) {
      for (let attempt = 1; ; attempt++) {
        const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.subscriber(id), ConsistentRead: true }));
        const before = countedAs(Item);
        if (!Item || !before) return false;
        const outcome = await transact([
          {
            Delete: {
              TableName: tableName,
              Key: keys.subscriber(id),
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': Item.version },
            },
          },
          ...(left ? [{ Put: { TableName: tableName, Item: toItem('subscriber_left', keys.subscriberLeft(id), { id, ...left }) } }] : []),
          ...counterUpdates(tableName, countDeltas(before, null)),
        ]);
        if (outcome === 'ok') return true;
        // Changed (or gone) since it was read: read it again.
        if (outcome[0] === 'ConditionalCheckFailed' && attempt < 8) continue;
        throw new Error(`removing a subscriber failed: ${outcome.join(', ')}`);
      }
    },

    // The subscribers among these that left and have not confirmed since, with why.
    async leftAmong(ids) {
      const items = await batchGet(ctx, [...new Set(ids)].map((id) => keys.subscriberLeft(id)));
      return new Map(items.map((item) => [String(item.id), { reason: item.reason as SubscriberLeft['reason'], at: String(item.at) }]));
    },

    // A status's subscribers, oldest first.
    async page(status, limit, cursor) {
      const partition = keys.subscribersByStatusPartition(status);
      const out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, partition),
        }),
      );
      return {
        subscribers: (out.Items ?? []).map((item) => fromItem<Subscriber>(item)),
        cursor: encodeCursor(out.LastEvaluatedKey),
      };
    },

    // How many subscribers of each status: the counters, one query however many there are.
    async counts(now) {
      return readCounts(ctx, now);
    },
  };
}
