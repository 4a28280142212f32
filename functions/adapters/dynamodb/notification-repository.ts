// Notifications: a META item (the mail's content and the planner's cursor) and its batch items,
// all in the notification's own partition. Batch items are written only with the cursor step
// that produced them (one transaction), so a re-run of the planner never writes a batch twice
// nor a recipient into two batches; their INSERTs on the stream are what the mailer sends.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { NotificationRepository } from '#app/ports/store';
import type { Notification } from '#app/notifications/notification';
import type { TableContext } from './client';
import { fromItem, toItem } from './items';
import { keys } from './keys';
import { queryAll } from './query-all';
import { TTL_ATTRIBUTE } from './table-definition';
import { commit, plan } from './transactions';

/** How long a notification and its batches are kept: long past any stream retry (24 h retention). */
const KEEP_SECONDS = 14 * 24 * 3600;

const expiry = (at: string) => Math.floor(Date.parse(at) / 1000) + KEEP_SECONDS;

export function notificationRepository(ctx: TableContext): NotificationRepository {
  const { doc, tableName } = ctx;
  return {
    // One notification's META.
    async get(id) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.notification(id), ConsistentRead: true }));
      return Item ? fromItem<Notification>(Item) : null;
    },

    // A notification, once.
    async create(notification) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...toItem('notification', keys.notification(notification.id), notification), [TTL_ATTRIBUTE]: expiry(notification.created_at) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'exists';
        throw error;
      }
    },

    // One planning step: its batches and the cursor after them, if the step is still untaken.
    async appendBatches(notification, step, at) {
      if (step.batches.length > 99) throw new Error('a planning step writes at most 99 batches');
      const tx = plan();
      const recipients = step.batches.reduce((sum, batch) => sum + batch.length, 0);
      tx.add('primary', {
        Update: {
          TableName: tableName,
          Key: keys.notification(notification.id),
          UpdateExpression:
            'SET plan_step = :next, #cursor = :cursor, planned = :planned, batches = :batches, recipients = recipients + :recipients, planned_at = :at',
          ConditionExpression: 'plan_step = :step',
          ExpressionAttributeNames: { '#cursor': 'cursor' },
          ExpressionAttributeValues: {
            ':step': step.step,
            ':next': step.step + 1,
            ':cursor': step.cursor,
            ':planned': step.planned,
            ':batches': notification.batches + step.batches.length,
            ':recipients': recipients,
            ':at': at,
          },
        },
      });
      step.batches.forEach((recipients, index) => {
        const n = notification.batches + index + 1;
        tx.add('other', {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.notificationBatch(notification.id, n),
              type: 'notification_batch',
              notification_id: notification.id,
              n,
              recipients,
              [TTL_ATTRIBUTE]: expiry(at),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      });
      for (let attempt = 1; ; attempt++) {
        const outcome = await commit(ctx, tx);
        if (outcome === 'conflict' && attempt < 8) continue;
        return outcome === 'ok' ? 'saved' : 'stale';
      }
    },

    // One SES event counted on the notification's META, with a marker item so that a redelivered
    // event counts nothing (both or neither: one transaction). Kept as long as the notification.
    async countReceipt(notificationId, kind, messageId, at) {
      const tx = plan();
      tx.add('primary', {
        Put: {
          TableName: tableName,
          Item: { ...keys.notificationReceipt(notificationId, kind, messageId), type: 'notification_receipt', at, [TTL_ATTRIBUTE]: expiry(at) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      tx.add('primary', {
        Update: {
          TableName: tableName,
          Key: keys.notification(notificationId),
          UpdateExpression: 'ADD #count :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#count': `${kind}_count` },
          ExpressionAttributeValues: { ':one': 1 },
        },
      });
      for (let attempt = 1; ; attempt++) {
        const outcome = await commit(ctx, tx);
        if (outcome === 'conflict' && attempt < 8) continue;
        if (outcome === 'conflict') throw new Error(`a receipt of ${notificationId} kept conflicting`);
        return outcome === 'ok';
      }
    },

    // A batch's tally: its own item (not the batch item, whose stream records the mailer reads),
    // written whole. A final tally (nothing pending) is never replaced by a slower, older try's.
    async settleBatch(notificationId, n, tally, at) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.notificationTally(notificationId, n),
              type: 'notification_tally',
              sent: tally.sent,
              failed: tally.failed,
              skipped: tally.skipped,
              pending: tally.pending,
              at,
              [TTL_ATTRIBUTE]: expiry(at),
            },
            ConditionExpression: 'attribute_not_exists(pk) OR pending > :none',
            ExpressionAttributeValues: { ':none': 0 },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async batchTallies(notificationId) {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tally)',
        ExpressionAttributeValues: { ':pk': keys.notification(notificationId).pk, ':tally': keys.notificationTallyPrefix() },
        ConsistentRead: true,
      });
      return items.map((item) => ({ sent: Number(item.sent), failed: Number(item.failed), skipped: Number(item.skipped), pending: Number(item.pending) }));
    },
  };
}
