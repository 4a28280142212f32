// A lease in the table that lets one publisher at a time write the site. A publisher that dies
// holding it loses it when the lease runs out; a live one renews nothing (publishes are short).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PublishLock } from '#publisher/ports';
import type { TableContext } from './client';
import { keys } from './keys';

export interface PublishLockOptions {
  leaseMs?: number;
  /** How long to wait for another publisher before giving up (the batch is then retried). */
  waitMs?: number;
}

export function dynamoPublishLock(ctx: TableContext, { leaseMs = 60_000, waitMs = 20_000 }: PublishLockOptions = {}): PublishLock {
  const { doc, tableName } = ctx;
  const tryAcquire = async (owner: string): Promise<boolean> => {
    const now = Date.now();
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.publishLock(), type: 'publish_lock', owner, lease_until: now + leaseMs },
          ConditionExpression: 'attribute_not_exists(pk) OR lease_until < :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  const release = async (owner: string) => {
    try {
      await doc.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.publishLock(),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  return {
    async run(work) {
      const owner = globalThis.crypto.randomUUID();
      const deadline = Date.now() + waitMs;
      let delay = 20;
      while (!(await tryAcquire(owner))) {
        if (Date.now() > deadline) throw new Error('Another publisher holds the site lock; retrying later.');
        await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 500);
      }
      try {
        return await work();
      } finally {
        await release(owner);
      }
    },
  };
}
