// The channels' delivery ledger (app/channels/delivery.ts) in the table. A delivery lives in its
// change's partition (so one change's receipts are one query); its queue entry in its endpoint's
// (so the oldest pending delivery is the first item of one query); the due markers of every
// endpoint with queued work share one small partition (the retry sweep reads it). A delivery, its
// queue entry and its marker are written in one transaction, conditional on the delivery not
// existing: a replayed stream batch creates nothing. Creating deliveries and settling delivered
// ones are the fan-out's bulk of writes: calls made at the same time are sent together, up to 25
// (one per endpoint) in one TransactWriteItems, each keeping its own outcome (see batchedTransactions).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ChannelChange } from '#app/channels/change';
import { deliveryId, type ChannelDelivery, type ChannelDeliveryRepository, type ChannelFanOut, type DeliveryAttempt } from '#app/channels/delivery';
import type { TableContext } from './client';
import { fromItem, toItem } from './items';
import { CHANNEL_FANOUT_DUE_PREFIX, keys } from './keys';
import { queryAll } from './query-all';
import { TTL_ATTRIBUTE } from './table-definition';
import { cancellationCodes } from './transactions';

/** Changes, deliveries and attempts are kept 30 days (receipts); queue entries until delivered. */
const KEEP_SECONDS = 30 * 24 * 3600;
const expiry = (at: string) => Math.floor(Date.parse(at) / 1000) + KEEP_SECONDS;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;
const isFanOutMarker = (item: Record<string, unknown>) => String(item.sk).startsWith(CHANNEL_FANOUT_DUE_PREFIX);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Calls per request: TransactWriteItems (each call's writes: at most 3 here; the limit is 100
 *  items), BatchWriteItem (25) and BatchGetItem (100). */
const BATCH_CALLS = 25;
/** Batched requests of one kind in flight at once. */
const BATCHES_IN_FLIGHT = 4;

interface Waiting<T, R> {
  call: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Calls made at the same time (in one turn of the event loop, or while the requests before them
 * were in flight) go out together: at most BATCH_CALLS, at most one per `group` (a request may not
 * name an item twice), and `send` answers each.
 */
function coalescer<T, R>(group: (call: T) => string, send: (batch: Array<Waiting<T, R>>) => Promise<void>) {
  let waiting: Array<Waiting<T, R>> = [];
  let inFlight = 0;
  const pump = () => {
    while (inFlight < BATCHES_IN_FLIGHT && waiting.length > 0) {
      const batch: Array<Waiting<T, R>> = [];
      const rest: Array<Waiting<T, R>> = [];
      const groups = new Set<string>();
      for (const w of waiting) {
        const g = group(w.call);
        if (batch.length < BATCH_CALLS && !groups.has(g)) {
          groups.add(g);
          batch.push(w);
        } else rest.push(w);
      }
      waiting = rest;
      inFlight++;
      void send(batch)
        .catch((error) => batch.forEach((w) => w.reject(error)))
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };
  return (call: T): Promise<R> =>
    new Promise((resolve, reject) => {
      waiting.push({ call, resolve, reject });
      if (waiting.length === 1) setImmediate(pump);
    });
}

/**
 * One call = one set of writes whose first is conditional, sent in one TransactWriteItems with the
 * calls made at the same time; each still gets its own answer: 'written', or 'condition' when its
 * first write's condition failed (the others of that transaction are then sent again without it).
 * Anything else — a conflict, a throttle, an error — sends that transaction's calls one by one,
 * where a call fails as it would alone.
 */
function batchedTransactions<T>(ctx: TableContext, writes: (call: T) => TransactItem[], group: (call: T) => string) {
  type W = Waiting<T, 'written' | 'condition'>;
  const alone = async (w: W) => {
    try {
      await ctx.doc.send(new TransactWriteCommand({ TransactItems: writes(w.call) }));
      w.resolve('written');
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') w.resolve('condition');
      else w.reject(error);
    }
  };
  const send = async (batch: W[]): Promise<void> => {
    if (batch.length === 1) return alone(batch[0]!);
    const items = batch.map((w) => writes(w.call));
    try {
      await ctx.doc.send(new TransactWriteCommand({ TransactItems: items.flat() }));
      for (const w of batch) w.resolve('written');
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes && codes.length === items.flat().length) {
        const again: W[] = [];
        let at = 0;
        batch.forEach((w, i) => {
          if (codes[at] === 'ConditionalCheckFailed') w.resolve('condition');
          else again.push(w);
          at += items[i]!.length;
        });
        if (again.length < batch.length) return again.length > 0 ? send(again) : undefined;
      }
      await Promise.all(batch.map(alone));
    }
  };
  return coalescer<T, 'written' | 'condition'>(group, send);
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 20 * 2 ** attempt)));

const leaseIso = (ms: number) => new Date(ms).toISOString();

function fanOutOf(item: Record<string, unknown>): ChannelFanOut {
  const done = item.done as Set<string> | string[] | undefined;
  return {
    change_id: String(item.change_id),
    change_at: String(item.change_at),
    change_type: item.change_type as ChannelFanOut['change_type'],
    subject: String(item.subject ?? ''),
    owner: String(item.owner),
    lease_until: Number(item.lease_until),
    started_at: String(item.started_at),
    planned: (item.planned ?? {}) as ChannelFanOut['planned'],
    done: done ? [...done] : [],
    finished: item.finished === true,
    updated_at: String(item.updated_at ?? item.started_at),
  };
}

/** A planned endpoint's delivery as its fan-out tells it: delivered (2xx), or pending with its attempt in flight. */
function fromFanOut(fanOut: ChannelFanOut, endpointId: string, deliveryId: string): ChannelDelivery | null {
  const kind = fanOut.planned[endpointId];
  if (!kind) return null;
  const delivered = fanOut.done.includes(endpointId);
  return {
    id: deliveryId,
    change_id: fanOut.change_id,
    endpoint_id: endpointId,
    kind,
    change_type: fanOut.change_type,
    subject: fanOut.subject,
    change_at: fanOut.change_at,
    state: delivered ? 'delivered' : 'pending',
    // Receipts count `sent` once a 2xx is known; one under way is pending (its attempt in flight).
    attempts: delivered ? 1 : 0,
    next_at: fanOut.started_at,
    in_flight_at: delivered ? null : fanOut.started_at,
    unknown_resent: false,
    last_status: null,
    last_error: null,
    delivered_at: delivered ? fanOut.updated_at : null,
    created_at: fanOut.started_at,
  };
}

export function channelDeliveryRepository(ctx: TableContext): ChannelDeliveryRepository {
  const { doc, tableName } = ctx;

  /** A settling write; false when another worker moved the delivery on since it was read. */
  const settle = async (command: TransactWriteCommand): Promise<boolean> => {
    try {
      await doc.send(command);
      return true;
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  };

  const queueKey = (d: { endpoint_id: string; change_at: string; change_id: string }) => keys.channelQueue(d.endpoint_id, d.change_at, d.change_id);
  type Key = { pk: string; sk: string };
  const keyText = (key: Key) => `${key.pk}\n${key.sk}`;

  // Strongly consistent reads of items, many in one BatchGetItem.
  const getItem = coalescer<Key, Record<string, unknown> | null>(keyText, async (batch) => {
    const found = new Map<string, Record<string, unknown>>();
    let pending: Key[] = batch.map((w) => w.call);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await pause(attempt);
      if (attempt > 12) throw new Error('BatchGetItem kept leaving keys unprocessed');
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of out.Responses?.[tableName] ?? []) found.set(keyText(item as Key), item);
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
    for (const w of batch) w.resolve(found.get(keyText(w.call)) ?? null);
  });

  // Unconditional puts of distinct items, many in one BatchWriteItem.
  const putItem = coalescer<Record<string, unknown>, void>(
    (item) => keyText(item as Key),
    async (batch) => {
      let pending = batch.map((w) => ({ PutRequest: { Item: w.call } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await pause(attempt);
        if (attempt > 12) throw new Error('BatchWriteItem kept leaving writes unprocessed');
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
      for (const w of batch) w.resolve();
    },
  );

  // An attempt started, unless another worker moved the delivery on since it was read.
  const startAttempts = batchedTransactions<{ delivery: ChannelDelivery; at: string; unknownResend: boolean }>(
    ctx,
    ({ delivery, at, unknownResend }) => [
      {
        Update: {
          TableName: tableName,
          Key: keys.channelDelivery(delivery.change_id, delivery.endpoint_id),
          UpdateExpression: `SET in_flight_at = :at, attempts = :next${unknownResend ? ', unknown_resent = :true' : ''}`,
          ConditionExpression: '#state = :pending AND attempts = :attempts',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':at': at,
            ':next': delivery.attempts + 1,
            ':attempts': delivery.attempts,
            ':pending': 'pending',
            ...(unknownResend ? { ':true': true } : {}),
          },
        },
      },
    ],
    ({ delivery }) => delivery.endpoint_id,
  );

  // An endpoint's queue taken (its due marker leased to this owner), unless another owner's lease runs.
  const claims = batchedTransactions<{ endpointId: string; owner: string; nowMs: number; leaseUntilMs: number }>(
    ctx,
    ({ endpointId, owner, nowMs, leaseUntilMs }) => [
      {
        Update: {
          TableName: tableName,
          Key: keys.channelDue(endpointId),
          UpdateExpression: 'SET #type = :type, endpoint_id = :ep, #owner = :owner, lease_until = :lease, next_at = if_not_exists(next_at, :never) ADD enq :zero',
          ConditionExpression: 'attribute_not_exists(lease_until) OR lease_until < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#type': 'type', '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':type': 'channel_due',
            ':ep': endpointId,
            ':owner': owner,
            ':lease': leaseUntilMs,
            ':now': nowMs,
            ':never': '9999-12-31T23:59:59.999Z',
            ':zero': 0,
          },
        },
      },
    ],
    ({ endpointId }) => endpointId,
  );

  // A drained endpoint's due marker removed, if it is still this owner's and nothing was queued since.
  const dropMarkers = batchedTransactions<{ endpointId: string; owner: string; enq: number }>(
    ctx,
    ({ endpointId, owner, enq }) => [
      {
        Delete: {
          TableName: tableName,
          Key: keys.channelDue(endpointId),
          ConditionExpression: '#owner = :owner AND enq = :enq',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner, ':enq': enq },
        },
      },
    ],
    ({ endpointId }) => endpointId,
  );

  // The delivery (unless it exists), its queue entry and the endpoint's due marker.
  const createDeliveries = batchedTransactions<ChannelDelivery>(
    ctx,
    (delivery) => [
      {
        Put: {
          TableName: tableName,
          Item: { ...toItem('channel_delivery', keys.channelDelivery(delivery.change_id, delivery.endpoint_id), delivery), [TTL_ATTRIBUTE]: expiry(delivery.created_at) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...queueKey(delivery),
            type: 'channel_queue',
            endpoint_id: delivery.endpoint_id,
            change_at: delivery.change_at,
            change_id: delivery.change_id,
            subject: delivery.subject,
          },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.channelDue(delivery.endpoint_id),
          UpdateExpression: 'SET #type = :type, endpoint_id = :ep, next_at = if_not_exists(next_at, :next) ADD enq :one',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'channel_due', ':ep': delivery.endpoint_id, ':next': delivery.next_at, ':one': 1 },
        },
      },
    ],
    (delivery) => delivery.endpoint_id,
  );

  // A delivery settled (only by the worker that made its latest attempt, or read it) and its queue entry gone.
  type Finish = { delivery: ChannelDelivery; state: string; at: string; status: number | null; error: string | null };
  const finishDeliveries = batchedTransactions<Finish>(
    ctx,
    ({ delivery, state, at, status, error }) => [
      {
        Update: {
          TableName: tableName,
          Key: keys.channelDelivery(delivery.change_id, delivery.endpoint_id),
          UpdateExpression: 'SET #state = :state, last_status = :status, last_error = :error, in_flight_at = :null' + (state === 'delivered' ? ', delivered_at = :at' : ''),
          ConditionExpression: '#state = :pending AND attempts = :attempts',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': state,
            ':status': status,
            ':error': error,
            ':null': null,
            ':pending': 'pending',
            ':attempts': delivery.attempts,
            ...(state === 'delivered' ? { ':at': at } : {}),
          },
        },
      },
      { Delete: { TableName: tableName, Key: queueKey(delivery) } },
    ],
    ({ delivery }) => delivery.endpoint_id,
  );

  return {
    async saveChange(change, at) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.channelChange(change.id), type: 'channel_change', change: JSON.stringify(change), [TTL_ATTRIBUTE]: expiry(at) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async getChange(changeId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.channelChange(changeId), ConsistentRead: true }));
      return Item ? (JSON.parse(String(Item.change)) as ChannelChange) : null;
    },

    async createDelivery(delivery) {
      return (await createDeliveries(delivery)) === 'written' ? 'created' : 'exists';
    },

    async get(changeId, endpointId) {
      const item = await getItem(keys.channelDelivery(changeId, endpointId));
      if (item) return fromItem<ChannelDelivery>(item);
      const fanOut = await getItem(keys.channelFanOut(changeId));
      return fanOut ? fromFanOut(fanOutOf(fanOut), endpointId, deliveryId(changeId, endpointId)) : null;
    },

    async ofChange(changeId) {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.channelChange(changeId).pk },
        ConsistentRead: true,
      });
      const deliveries = items.filter((item) => String(item.sk).startsWith('DELIVERY#')).map((item) => fromItem<ChannelDelivery>(item));
      const fanOutItem = items.find((item) => item.sk === keys.channelFanOut(changeId).sk);
      if (!fanOutItem) return deliveries;
      // The fan-out's endpoints that have no record of their own (a failure gives one).
      const fanOut = fanOutOf(fanOutItem);
      const recorded = new Set(deliveries.map((d) => d.endpoint_id));
      for (const endpointId of Object.keys(fanOut.planned)) {
        if (!recorded.has(endpointId)) deliveries.push(fromFanOut(fanOut, endpointId, deliveryId(changeId, endpointId))!);
      }
      return deliveries;
    },

    async queue(endpointId, limit) {
      const { Items = [] } = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.channelQueuePartition(endpointId) },
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return Items.map((item) => ({
        endpoint_id: String(item.endpoint_id),
        change_at: String(item.change_at),
        change_id: String(item.change_id),
        subject: String(item.subject ?? ''),
      }));
    },

    async startAttempt(delivery, at, unknownResend) {
      return (await startAttempts({ delivery, at, unknownResend })) === 'written';
    },

    async finish(delivery, state, at, status, error) {
      // 'condition': another worker moved the delivery on since it was read; it is theirs.
      await finishDeliveries({ delivery, state, at, status, error });
    },

    async retryAt(delivery, nextAt, status, error) {
      await settle(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: keys.channelDelivery(delivery.change_id, delivery.endpoint_id),
                UpdateExpression: 'SET next_at = :next, last_status = :status, last_error = :error, in_flight_at = :null',
                ConditionExpression: '#state = :pending AND attempts = :attempts',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':next': nextAt, ':status': status, ':error': error, ':null': null, ':pending': 'pending', ':attempts': delivery.attempts },
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: keys.channelDue(delivery.endpoint_id),
                UpdateExpression: 'SET #type = :type, endpoint_id = :ep, next_at = :next',
                ExpressionAttributeNames: { '#type': 'type' },
                ExpressionAttributeValues: { ':type': 'channel_due', ':ep': delivery.endpoint_id, ':next': nextAt },
              },
            },
          ],
        }),
      );
    },

    async dropQueued(entry) {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: queueKey(entry) }));
    },

    async claimEndpoint(endpointId, owner, nowMs, leaseUntilMs) {
      if ((await claims({ endpointId, owner, nowMs, leaseUntilMs })) === 'condition') return null;
      // The enqueue count as of now (after the claim, before the caller reads the queue).
      const marker = await getItem(keys.channelDue(endpointId));
      return { enq: Number(marker?.enq ?? 0) };
    },

    async releaseEndpoint(endpointId, owner, next) {
      const names = { '#owner': 'owner' };
      if ('drained' in next) {
        if ((await dropMarkers({ endpointId, owner, enq: next.drained })) === 'written') return;
        // More was queued meanwhile (or it is no longer ours): keep the marker, due at once.
      }
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.channelDue(endpointId),
            UpdateExpression: 'SET next_at = :next REMOVE #owner, lease_until',
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':owner': owner, ':next': 'nextAt' in next ? next.nextAt : '0000' },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async dueEndpoints(at) {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'next_at <= :at',
        ExpressionAttributeValues: { ':pk': keys.channelDuePartition(), ':at': at },
        ConsistentRead: true,
      });
      return items.filter((item) => !isFanOutMarker(item)).map((item) => String(item.endpoint_id));
    },

    async dueFanOuts(at) {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
        FilterExpression: 'next_at <= :at',
        ExpressionAttributeValues: { ':pk': keys.channelDuePartition(), ':f': CHANNEL_FANOUT_DUE_PREFIX, ':at': at },
        ConsistentRead: true,
      });
      return items.map((item) => String(item.change_id));
    },

    async backlog() {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.channelDuePartition() },
        ConsistentRead: true,
      });
      return {
        endpoints: items.filter((item) => !isFanOutMarker(item)).map((item) => String(item.endpoint_id)),
        fanOuts: items.filter(isFanOutMarker).map((item) => ({ change_id: String(item.change_id), owner: String(item.owner), next_at: String(item.next_at) })),
      };
    },

    async startFanOut(fanOut) {
      const { done: _done, ...rest } = fanOut;
      const items: TransactItem[] = [
        { Put: { TableName: tableName, Item: { ...keys.channelFanOut(fanOut.change_id), type: 'channel_fanout', ...rest, [TTL_ATTRIBUTE]: expiry(fanOut.started_at) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ];
      if (!fanOut.finished) {
        items.push({
          Put: {
            TableName: tableName,
            Item: { ...keys.channelFanOutDue(fanOut.change_id), type: 'channel_fanout_due', change_id: fanOut.change_id, owner: fanOut.owner, next_at: leaseIso(fanOut.lease_until) },
          },
        });
      }
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return 'created';
      } catch (error) {
        if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
      }
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.channelFanOut(fanOut.change_id), ConsistentRead: true }));
      if (!Item) throw new Error(`the fan-out of ${fanOut.change_id} exists and does not`);
      return fanOutOf(Item);
    },

    async getFanOut(changeId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.channelFanOut(changeId), ConsistentRead: true }));
      return Item ? fanOutOf(Item) : null;
    },

    async claimFanOut(changeId, owner, nowMs, leaseUntilMs) {
      return settle(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: keys.channelFanOut(changeId),
                UpdateExpression: 'SET #owner = :owner, lease_until = :lease',
                ConditionExpression: 'attribute_exists(pk) AND finished = :false AND (#owner = :owner OR lease_until < :now)',
                ExpressionAttributeNames: { '#owner': 'owner' },
                ExpressionAttributeValues: { ':owner': owner, ':lease': leaseUntilMs, ':now': nowMs, ':false': false },
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: keys.channelFanOutDue(changeId),
                UpdateExpression: 'SET #type = :type, change_id = :change, #owner = :owner, next_at = :next',
                ExpressionAttributeNames: { '#owner': 'owner', '#type': 'type' },
                ExpressionAttributeValues: { ':type': 'channel_fanout_due', ':change': changeId, ':owner': owner, ':next': leaseIso(leaseUntilMs) },
              },
            },
          ],
        }),
      );
    },

    async addFanOutDone(changeId, endpointIds, at) {
      if (endpointIds.length === 0) return;
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.channelFanOut(changeId),
          UpdateExpression: 'ADD done :ids SET updated_at = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':ids': new Set(endpointIds), ':at': at },
        }),
      );
    },

    async finishFanOut(changeId, owner) {
      return settle(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: keys.channelFanOut(changeId),
                UpdateExpression: 'SET finished = :true',
                ConditionExpression: '#owner = :owner AND finished = :false',
                ExpressionAttributeNames: { '#owner': 'owner' },
                ExpressionAttributeValues: { ':owner': owner, ':true': true, ':false': false },
              },
            },
            { Delete: { TableName: tableName, Key: keys.channelFanOutDue(changeId) } },
          ],
        }),
      );
    },

    async recordAttempt(attempt) {
      const n = Math.floor(Math.random() * 1e6);
      await putItem({ ...toItem('channel_attempt', keys.channelAttempt(attempt.endpoint_id, attempt.at, attempt.delivery_id, n), attempt), [TTL_ATTRIBUTE]: expiry(attempt.at) });
    },

    async attempts(endpointId, limit) {
      const { Items = [] } = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.channelAttemptsPartition(endpointId) },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return Items.map((item) => fromItem<DeliveryAttempt>(item));
    },
  };
}
