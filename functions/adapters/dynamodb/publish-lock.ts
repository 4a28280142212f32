// A lease in the table that lets one publisher at a time write the site. A publisher that dies
// holding it loses it when the lease runs out; a live one renews nothing (publishes are short).
// Releasing keeps the item (lease 0) with the releasing holder's id, so the next holder learns
// whether anyone else wrote the site in between.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
  /** This lock object's identity: the same for every publish this process makes. */
  const holder = globalThis.crypto.randomUUID();
  const tryAcquire = async (owner: string): Promise<{ previousHolder: unknown } | null> => {
    const now = Date.now();
    try {
      const { Attributes } = await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.publishLock(), type: 'publish_lock', owner, holder, lease_until: now + leaseMs },
          ConditionExpression: 'attribute_not_exists(pk) OR lease_until < :now',
          ExpressionAttributeValues: { ':now': now },
          ReturnValues: 'ALL_OLD',
        }),
      );
      // A lease that ran out means its holder may have written part of a publish: not unbroken.
      const releasedCleanly = Attributes?.lease_until === 0;
      return { previousHolder: releasedCleanly ? Attributes?.holder : undefined };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  };
  const release = async (owner: string) => {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.publishLock(),
          UpdateExpression: 'SET lease_until = :zero',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner, ':zero': 0 },
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
      let acquired = await tryAcquire(owner);
      while (!acquired) {
        if (Date.now() > deadline) throw new Error('Another publisher holds the site lock; retrying later.');
        await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 500);
        acquired = await tryAcquire(owner);
      }
      try {
        return await work({ unbroken: acquired.previousHolder === holder });
      } finally {
        await release(owner);
      }
    },
  };
}
