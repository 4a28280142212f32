import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, type TableContext } from '#adapters/dynamodb/client';
import { keys } from '#adapters/dynamodb/keys';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { LockLostError } from '#publisher/ports';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { localAws } from '../../support/local-aws';
import { testClock, type TestClock } from '../../support/clock';

let table: TestTable;
let ctx: TableContext;

beforeAll(async () => {
  table = await createTestTable();
  ctx = { doc: createDocumentClient({ endpoint: table.endpoint, ...localAws }) as DynamoDBDocumentClient, tableName: table.tableName };
});

afterAll(async () => {
  await table.drop();
});

/** Two publishers (two processes) on one table, judging leases by one clock. */
function twoPublishers(clock: TestClock, options: { renewEveryMs?: number } = {}) {
  const slow = dynamoPublishLock(ctx, { clock, leaseMs: 60_000, waitMs: 150, ...options });
  const other = dynamoPublishLock(ctx, { clock, leaseMs: 60_000, waitMs: 150 });
  return { slow, other };
}

const realWait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The lease the lock item carries now (epoch ms). */
async function leaseUntil(): Promise<number> {
  const { Item } = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.publishLock(), ConsistentRead: true }));
  return Number(Item?.lease_until ?? 0);
}

describe('dynamoPublishLock', () => {
  it('hands out a greater fencing token with every acquisition', async () => {
    const clock = testClock();
    const { slow, other } = twoPublishers(clock);

    const first = await slow.run(async ({ fence }) => fence);
    const second = await other.run(async ({ fence }) => fence);
    const third = await slow.run(async ({ fence }) => fence);

    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
  });

  it('renews a lease running low on a check, so a working holder keeps the lock past its first lease', async () => {
    const clock = testClock();
    const { slow, other } = twoPublishers(clock);

    const refused = await slow.run(async ({ check }) => {
      clock.advance(50_000);
      await check(); // 10 s left, under the margin: renewed to 60 s from here
      clock.advance(30_000); // 80 s after acquiring: the first lease is over, the renewed one is not
      return other.run(async () => 'took it').catch((error: Error) => error.message);
    });

    expect(refused).toMatch(/Another publisher holds the site lock/);
  });

  it('renews the lease from a heartbeat while work runs without checking (a long load)', async () => {
    const clock = testClock();
    const { slow, other } = twoPublishers(clock, { renewEveryMs: 10 });

    const refused = await slow.run(async () => {
      clock.advance(50_000);
      // heartbeats renew the lease at +50 s: wait until one has (however slow the machine)
      const renewedUntil = clock.now() + 60_000;
      for (let tries = 0; (await leaseUntil()) < renewedUntil; tries++) {
        if (tries > 500) throw new Error('no heartbeat renewed the lease');
        await realWait(10);
      }
      clock.advance(30_000);
      return other.run(async () => 'took it').catch((error: Error) => error.message);
    });

    expect(refused).toMatch(/Another publisher holds the site lock/);
  });

  it('fences out a holder whose lease lapsed once another publisher took the lock', async () => {
    const clock = testClock();
    const { slow, other } = twoPublishers(clock);
    let otherFence = 0;

    const outcome = slow
      .run(async ({ check }) => {
        await check(); // fine while the lease runs
        clock.advance(61_000); // paused past its lease
        otherFence = await other.run(async ({ fence }) => fence);
        await check();
        return 'wrote';
      })
      .catch((error: unknown) => error);

    const error = await outcome;
    expect(error).toBeInstanceOf(LockLostError);
    expect(otherFence).toBeGreaterThan((error as LockLostError).fence);
  });

  it('lets a lapsed holder neither renew nor release the lock its successor holds', async () => {
    const clock = testClock();
    const { slow, other } = twoPublishers(clock);
    const third = dynamoPublishLock(ctx, { clock, waitMs: 150 });
    let letOtherFinish!: () => void;
    let otherHolds!: () => void;
    const holding = new Promise<void>((resolve) => (otherHolds = resolve));
    const finishing = new Promise<void>((resolve) => (letOtherFinish = resolve));

    let otherRun: Promise<unknown> = Promise.resolve();
    await slow.run(async () => {
      clock.advance(61_000);
      otherRun = other.run(async () => {
        otherHolds();
        await finishing;
      });
      await holding;
    }); // slow's release runs here, while `other` holds the lock
    const refused = await third.run(async () => 'took it').catch((error: Error) => error.message);
    letOtherFinish();
    await otherRun;

    expect(refused).toMatch(/Another publisher holds the site lock/);
  });
});
