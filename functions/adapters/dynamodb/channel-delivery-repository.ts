// The channels' delivery ledger (app/channels/delivery.ts) in the table. A delivery lives in its
// change's partition (so one change's receipts are one query); its queue entry in its endpoint's
// (so the oldest pending delivery is the first item of one query); the due markers of every
// endpoint with queued work share one small partition (the retry sweep reads it). A delivery, its
// queue entry and its marker are written in one transaction, conditional on the delivery not
// existing: a replayed stream batch creates nothing.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChannelChange } from '#app/channels/change';
import type { ChannelDelivery, ChannelDeliveryRepository, DeliveryAttempt } from '#app/channels/delivery';
import type { TableContext } from './client';
import { fromItem, toItem } from './items';
import { keys } from './keys';
import { queryAll } from './query-all';
import { TTL_ATTRIBUTE } from './table-definition';
import { cancellationCodes } from './transactions';

/** Changes, deliveries and attempts are kept 30 days (receipts); queue entries until delivered. */
const KEEP_SECONDS = 30 * 24 * 3600;
const expiry = (at: string) => Math.floor(Date.parse(at) / 1000) + KEEP_SECONDS;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

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
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
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
          }),
        );
        return 'created';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.[0] === 'ConditionalCheckFailed') return 'exists';
        throw error;
      }
    },

    async get(changeId, endpointId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.channelDelivery(changeId, endpointId), ConsistentRead: true }));
      return Item ? fromItem<ChannelDelivery>(Item) : null;
    },

    async ofChange(changeId) {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':pk': keys.channelChange(changeId).pk, ':d': 'DELIVERY#' },
        ConsistentRead: true,
      });
      return items.map((item) => fromItem<ChannelDelivery>(item));
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
      try {
        await doc.send(
          new UpdateCommand({
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
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async finish(delivery, state, at, status, error) {
      await settle(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: keys.channelDelivery(delivery.change_id, delivery.endpoint_id),
                UpdateExpression: 'SET #state = :state, last_status = :status, last_error = :error, in_flight_at = :null' + (state === 'delivered' ? ', delivered_at = :at' : ''),
                // Only the worker that made the delivery's latest attempt (or read it) settles it.
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
        }),
      );
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
      try {
        const { Attributes } = await doc.send(
          new UpdateCommand({
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
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { enq: Number(Attributes?.enq ?? 0) };
      } catch (error) {
        if (isConditionFailure(error)) return null;
        throw error;
      }
    },

    async releaseEndpoint(endpointId, owner, next) {
      const names = { '#owner': 'owner' };
      if ('drained' in next) {
        try {
          await doc.send(
            new DeleteCommand({
              TableName: tableName,
              Key: keys.channelDue(endpointId),
              ConditionExpression: '#owner = :owner AND enq = :enq',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ':owner': owner, ':enq': next.drained },
            }),
          );
          return;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          // More was queued meanwhile: keep the marker, due at once.
        }
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
      return items.map((item) => String(item.endpoint_id));
    },

    async recordAttempt(attempt) {
      const n = Math.floor(Math.random() * 1e6);
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...toItem('channel_attempt', keys.channelAttempt(attempt.endpoint_id, attempt.at, attempt.delivery_id, n), attempt), [TTL_ATTRIBUTE]: expiry(attempt.at) },
        }),
      );
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
