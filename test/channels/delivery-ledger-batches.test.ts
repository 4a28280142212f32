// The delivery ledger sends creations and settlements made at the same time together (one
// TransactWriteItems for up to 25), yet each call keeps the answer it would get alone: a replayed
// creation is 'exists' while the new ones beside it are created; two deliveries to one endpoint at
// once both land in its queue; a settlement whose delivery another worker moved on changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelDelivery } from '#app/channels/delivery';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
/** TransactWriteItems requests sent, and their sizes. */
const transactions: number[] = [];
beforeAll(async () => {
  api = await createTestApi();
  api.table.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: unknown[] };
      if (input.TransactItems) transactions.push(input.TransactItems.length);
      return next(args);
    },
    { step: 'initialize' },
  );
});
afterAll(async () => {
  await api.drop();
});

function delivery(changeId: string, endpointId: string, at = '2026-12-01T10:00:00.000Z'): ChannelDelivery {
  return {
    id: `msg_${changeId}_${endpointId}`,
    change_id: changeId,
    endpoint_id: endpointId,
    kind: 'webhook',
    change_type: 'incident_update',
    subject: 'incident:INC-1',
    change_at: at,
    state: 'pending',
    attempts: 0,
    next_at: at,
    in_flight_at: null,
    unknown_resent: false,
    last_status: null,
    last_error: null,
    delivered_at: null,
    created_at: at,
  };
}

describe('the channel delivery ledger, many calls at once', () => {
  it('creates 60 deliveries at once, and a replay beside new ones answers each as it would alone', async () => {
    const repo = api.deps.store.channelDeliveries;
    const first = Array.from({ length: 60 }, (_, i) => delivery('change-a', `ep-${i}`));
    transactions.length = 0;
    expect(await Promise.all(first.map((d) => repo.createDelivery(d)))).toEqual(first.map(() => 'created'));
    expect(transactions).toEqual([75, 75, 30]); // 25 + 25 + 10 deliveries, 3 writes each

    // Half of them again (a replayed batch), interleaved with 30 deliveries of a newer change.
    const mixed = first.flatMap((d, i) => (i % 2 === 0 ? [d, delivery('change-b', d.endpoint_id, '2026-12-01T10:01:00.000Z')] : []));
    transactions.length = 0;
    const answers = await Promise.all(mixed.map((d) => repo.createDelivery(d)));
    expect(answers).toEqual(mixed.map((d) => (d.change_id === 'change-a' ? 'exists' : 'created')));
    // Batches of distinct endpoints, cancelled by the replayed ones, then sent again without them: not 60 alone.
    expect(transactions.length).toBeLessThan(15);

    // Each endpoint's queue holds what was created for it, oldest first; none twice.
    expect((await repo.queue('ep-0', 10)).map((q) => q.change_id)).toEqual(['change-a', 'change-b']);
    expect((await repo.queue('ep-1', 10)).map((q) => q.change_id)).toEqual(['change-a']);
    expect((await repo.ofChange('change-a')).length).toBe(60);
    expect((await repo.ofChange('change-b')).length).toBe(30);
    expect((await repo.dueEndpoints('2026-12-01T10:00:00.000Z')).filter((id) => id.startsWith('ep-')).length).toBe(60);

    // Claimed at once by one worker (each with its enqueue count), then by another while the lease runs: none.
    const ids = first.map((d) => d.endpoint_id);
    const now = Date.parse('2026-12-01T10:00:00.000Z');
    const mine = await Promise.all(ids.map((id) => repo.claimEndpoint(id, 'worker-a', now, now + 60_000)));
    expect(mine).toEqual(ids.map((_, i) => ({ enq: i % 2 === 0 ? 2 : 1 })));
    expect(await Promise.all(ids.map((id) => repo.claimEndpoint(id, 'worker-b', now + 1_000, now + 61_000)))).toEqual(ids.map(() => null));
    // Released as drained where nothing was queued since (the marker goes), kept where something was.
    await Promise.all(ids.map((id, i) => repo.releaseEndpoint(id, 'worker-a', { drained: i < 30 ? mine[i]!.enq : 0 })));
    const left = new Set(await repo.dueEndpoints('2026-12-01T10:00:00.000Z'));
    expect(ids.filter((id) => left.has(id))).toEqual(ids.slice(30));
  });

  it('settles many at once; one another worker moved on is left as that worker made it', async () => {
    const repo = api.deps.store.channelDeliveries;
    const ds = Array.from({ length: 40 }, (_, i) => delivery('change-c', `ep-c-${i}`));
    await Promise.all(ds.map((d) => repo.createDelivery(d)));
    expect(await Promise.all(ds.map((d) => repo.startAttempt(d, '2026-12-01T10:00:01.000Z', false)))).toEqual(ds.map(() => true));
    // ep-c-3's attempt was taken over: another worker started a second one since it was read;
    // beside it, starts from stale reads (attempts 0) change nothing.
    const taken = (await repo.get('change-c', 'ep-c-3'))!;
    expect(taken.attempts).toBe(1);
    const starts = [taken, ...ds.slice(5, 15)];
    expect(await Promise.all(starts.map((d) => repo.startAttempt(d, '2026-12-01T10:00:02.000Z', false)))).toEqual(starts.map((d) => d === taken));

    await Promise.all(ds.map((d) => repo.finish({ ...d, attempts: 1 }, 'delivered', '2026-12-01T10:00:03.000Z', 204, null)));
    const settled = await repo.ofChange('change-c');
    expect(settled.filter((d) => d.state === 'delivered').map((d) => d.endpoint_id).sort()).toEqual(ds.map((d) => d.endpoint_id).filter((id) => id !== 'ep-c-3').sort());
    expect(settled.find((d) => d.endpoint_id === 'ep-c-3')).toMatchObject({ state: 'pending', attempts: 2 });
    expect(await repo.queue('ep-c-0', 10)).toEqual([]);
    expect((await repo.queue('ep-c-3', 10)).map((q) => q.change_id)).toEqual(['change-c']);
  });
});
