// Suppressed addresses (permanent bounces and complaints reported by SES) and the count of each
// address's transient bounces. Keyed by the normalised address: the mailer checks them at send
// time, whatever subscriber record the address has or had.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SuppressionRepository } from '#app/ports/store';
import type { TableContext } from './client';
import { keys } from './keys';
import { batchGet } from './subscriber-batch-io';

export function suppressionRepository(ctx: TableContext): SuppressionRepository {
  const { doc, tableName } = ctx;
  return {
    // Records a suppression; the first reason and time are kept, the latest are added.
    async suppress({ email, reason, detail, feedback_id, at }) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.suppression(email),
          UpdateExpression:
            'SET #type = :type, email = :email, reason = if_not_exists(reason, :reason), suppressed_at = if_not_exists(suppressed_at, :at), ' +
            'last_reason = :reason, last_detail = :detail, last_feedback_id = :feedback, last_at = :at ADD reports :one',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'suppression',
            ':email': email,
            ':reason': reason,
            ':detail': detail,
            ':feedback': feedback_id,
            ':at': at,
            ':one': 1,
          },
        }),
      );
    },

    // Whether the address is suppressed.
    async isSuppressed(email) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.suppression(email), ConsistentRead: true, ProjectionExpression: 'pk' }),
      );
      return Item !== undefined;
    },

    // Which of these addresses are suppressed.
    async suppressedAmong(emails) {
      const items = await batchGet(ctx, [...new Set(emails)].map((email) => keys.suppression(email)));
      return new Set(items.map((item) => String(item.email)));
    },

    // One more transient bounce, unless this feedback id was counted already (a redelivered event).
    async countTransientBounce(email, feedbackId, at) {
      try {
        const { Attributes } = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.transientBounces(email),
            UpdateExpression: 'SET #type = :type, email = :email, last_at = :at, last_feedback_id = :feedback ADD transient_bounces :one',
            ConditionExpression: feedbackId === null ? undefined : 'attribute_not_exists(last_feedback_id) OR last_feedback_id <> :feedback',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':type': 'transient_bounces', ':email': email, ':at': at, ':feedback': feedbackId, ':one': 1 },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(Attributes?.transient_bounces ?? 0);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const { Item } = await doc.send(
          new GetCommand({ TableName: tableName, Key: keys.transientBounces(email), ConsistentRead: true }),
        );
        return Number(Item?.transient_bounces ?? 0);
      }
    },
  };
}
