// A lease in the table that lets one publisher at a time write the site, with a fencing token.
//
// Each acquisition increments the item's `fence` (a monotonic counter), and the holder renews its
// lease only while the item still carries its own owner and fence. Before every upload the holder
// calls `tenure.check()`: it passes without a request while the lease it last wrote has more than
// `marginMs` to run (no other publisher can take the lock before that), renews it otherwise, and
// throws LockLostError once another publisher has taken the lock (the lease ran out: a paused or
// very slow holder). A heartbeat also renews the lease while the work runs (a full rebuild can
// take minutes to load and render before it uploads anything), so a live holder keeps the lock
// and a lapsed one can never upload older pages over a newer publish.
//
// An upload issued after a passing check must finish within `marginMs` (the S3 client's request
// timeout must be shorter), the one assumption left: a fenced store would need S3 to check the
// token itself.
//
// Releasing keeps the item (lease 0) with the releasing holder's id, so the next holder learns
// whether anyone else wrote the site in between. The item also keeps the JSON files' last
// `page.updated_at` (recorded by the holder that wrote it), so the next holder starts from it.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LockLostError, type PublishLock } from '#publisher/ports';
import type { TableContext } from './client';
import { keys } from './keys';

export interface PublishLockOptions {
  leaseMs?: number;
  /** How long to wait for another publisher before giving up (the batch is then retried). */
  waitMs?: number;
  /** The clock leases are judged by (epoch ms); every publisher must read the same time. */
  clock?: { now(): number };
  /** How often the heartbeat renews the lease while work runs (real time). */
  renewEveryMs?: number;
  /** A check renews the lease when less than this is left of it; uploads must finish within it. */
  marginMs?: number;
}

export function dynamoPublishLock(ctx: TableContext, options: PublishLockOptions = {}): PublishLock {
  const { doc, tableName } = ctx;
  const leaseMs = options.leaseMs ?? 60_000;
  const waitMs = options.waitMs ?? 20_000;
  const clock = options.clock ?? { now: () => Date.now() };
  const renewEveryMs = options.renewEveryMs ?? Math.floor(leaseMs / 3);
  const marginMs = options.marginMs ?? Math.floor(leaseMs / 4);
  /** This lock object's identity: the same for every publish this process makes. */
  const holder = globalThis.crypto.randomUUID();

  /** Takes the lock if it is free or its lease ran out; the fence goes up by one each time. */
  const acquire = async (
    owner: string,
  ): Promise<{ previousHolder: unknown; fence: number; until: number; pageUpdatedAt: string | undefined } | null> => {
    const now = clock.now();
    try {
      const { Attributes: old } = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.publishLock(),
          UpdateExpression: 'SET #type = :type, #owner = :owner, holder = :holder, lease_until = :until ADD fence :one',
          ConditionExpression: 'attribute_not_exists(pk) OR lease_until < :now',
          ExpressionAttributeNames: { '#type': 'type', '#owner': 'owner' },
          ExpressionAttributeValues: { ':type': 'publish_lock', ':owner': owner, ':holder': holder, ':until': now + leaseMs, ':now': now, ':one': 1 },
          ReturnValues: 'ALL_OLD',
        }),
      );
      // A lease that ran out means its holder may have written part of a publish: not unbroken.
      const releasedCleanly = old?.lease_until === 0;
      const pageUpdatedAt = typeof old?.page_updated_at === 'string' ? old.page_updated_at : undefined;
      return { previousHolder: releasedCleanly ? old?.holder : undefined, fence: Number(old?.fence ?? 0) + 1, until: now + leaseMs, pageUpdatedAt };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  };

  /** Sets `attribute` if the item still names this owner and fence; false when the lock was taken. */
  const setWhileHeld = async (owner: string, fence: number, attribute: 'lease_until' | 'page_updated_at', value: number | string): Promise<boolean> => {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.publishLock(),
          UpdateExpression: 'SET #attribute = :value',
          ConditionExpression: '#owner = :owner AND fence = :fence',
          ExpressionAttributeNames: { '#owner': 'owner', '#attribute': attribute },
          ExpressionAttributeValues: { ':owner': owner, ':fence': fence, ':value': value },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  /** Extends the lease if the item still names this owner and fence; null when it was taken. */
  const renew = async (owner: string, fence: number): Promise<number | null> => {
    const until = clock.now() + leaseMs;
    return (await setWhileHeld(owner, fence, 'lease_until', until)) ? until : null;
  };

  /** Sets the recorded `page.updated_at` if the item still names this owner and fence; false when it was taken. */
  const recordPage = (owner: string, fence: number, at: string): Promise<boolean> => setWhileHeld(owner, fence, 'page_updated_at', at);

  /** Lease 0: free for the next holder (nothing to do when the lock was taken meanwhile). */
  const release = async (owner: string, fence: number): Promise<void> => {
    await setWhileHeld(owner, fence, 'lease_until', 0);
  };

  return {
    async run(work) {
      const owner = globalThis.crypto.randomUUID();
      const deadline = Date.now() + waitMs;
      let delay = 20;
      let acquired = await acquire(owner);
      while (!acquired) {
        if (Date.now() > deadline) throw new Error('Another publisher holds the site lock; retrying later.');
        await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 500);
        acquired = await acquire(owner);
      }
      const { fence } = acquired;
      let validUntil = acquired.until;
      let lost = false;
      let renewing: Promise<void> | null = null;
      const renewNow = (): Promise<void> =>
        (renewing ??= renew(owner, fence)
          .then((until) => {
            if (until === null) lost = true;
            else validUntil = Math.max(validUntil, until);
          })
          .finally(() => {
            renewing = null;
          }));
      const heartbeat = setInterval(() => {
        renewNow().catch(() => {}); // a failed heartbeat is retried; check() has the last word
      }, renewEveryMs);
      heartbeat.unref?.();
      const check = async () => {
        if (!lost && clock.now() + marginMs <= validUntil) return;
        if (!lost) await renewNow();
        if (lost || clock.now() + marginMs > validUntil) {
          lost = true;
          throw new LockLostError(fence);
        }
      };
      try {
        let recorded = acquired.pageUpdatedAt;
        const recordPageUpdatedAt = async (at: string) => {
          if (at === recorded) return;
          if (lost || !(await recordPage(owner, fence, at))) {
            lost = true;
            throw new LockLostError(fence);
          }
          recorded = at;
        };
        return await work({ unbroken: acquired.previousHolder === holder, fence, check, pageUpdatedAt: acquired.pageUpdatedAt, recordPageUpdatedAt });
      } finally {
        clearInterval(heartbeat);
        if (renewing) await (renewing as Promise<void>).catch(() => {});
        if (!lost) await release(owner, fence);
      }
    },
  };
}
