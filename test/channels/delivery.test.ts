// The channel delivery worker against DynamoDB Local, the table's real stream, and real HTTP
// receivers on loopback; one injected clock (retries are due when the test moves it).
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import { createChannelStreamHandler } from '#channels/stream-handler';
import { createChannelWorker } from '#channels/worker';
import type { ChannelWorkerDeps } from '#channels/deps';
import { IncidentSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';
import { openStream, type StreamReader } from '../mailer/support/stream';
import { startReceiver, type Receiver } from './support/receiver';

let api: TestApi;
let stream: StreamReader;
const receivers: Receiver[] = [];
const endpoints: string[] = [];
const quiet = { info: () => undefined, error: () => undefined };

beforeAll(async () => {
  api = await createTestApi();
  stream = await openStream(api.endpoint, api.tableName);
});
afterAll(async () => {
  stream.close();
  await api.drop();
});
afterEach(async () => {
  for (const id of endpoints.splice(0)) await api.deps.store.channelEndpoints.delete(id);
  for (const r of receivers.splice(0)) await r.close();
  await stream.next(); // what this test wrote is not the next one's business
});

function world(over: Partial<ChannelWorkerDeps> = {}) {
  const deps: ChannelWorkerDeps = {
    store: api.deps.store,
    clock: api.clock,
    log: quiet,
    random: () => 0.5, // no jitter: retries are due exactly at the backoff times
    timeoutMs: 3_000,
    // A stand-in for the payload builders: the change id, and the delivery id as `webhook-id`.
    build: async (_endpoint, change, delivery) => ({
      body: JSON.stringify({ change: change.id, type: change.type }),
      headers: { 'webhook-id': delivery.deliveryId, 'webhook-timestamp': String(delivery.timestamp) },
    }),
    ...over,
  };
  const worker = createChannelWorker(deps);
  const handler = createChannelStreamHandler(deps, worker);
  return {
    worker,
    /** Hands the stream's new records to the handler, as the event source mapping would. */
    async feed() {
      const records = await stream.next();
      await handler({ Records: records });
      return records;
    },
    handler,
  };
}

async function receiver(answer?: Receiver['answer']) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function endpoint(url: string, over: Partial<ChannelEndpoint> = {}): Promise<ChannelEndpoint> {
  const at = api.clock.iso();
  const e: ChannelEndpoint = {
    id: `ep-${randomUUID().slice(0, 8)}`,
    kind: 'webhook',
    url,
    components: [],
    internal: false,
    contact_email: null,
    state: 'active',
    state_reason: null,
    secrets: [],
    consecutive_failures: 0,
    created_at: at,
    updated_at: at,
    created_by: null,
    version: 1,
    ...over,
  };
  expect(await api.deps.store.channelEndpoints.create(e)).toBe('created');
  endpoints.push(e.id);
  return e;
}

async function declare(title = 'Checkout is failing', over: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/v1/incidents', { title, severity: 'SEV2', message: 'Investigating.', ...over });
  expect(res.status).toBe(201);
  return IncidentSchema.parse(await res.json());
}

const changesAt = (r: Receiver) => r.received.map((req) => (JSON.parse(req.body) as { change: string }).change);
const delivery = (changeId: string, endpointId: string) => api.deps.store.channelDeliveries.get(changeId, endpointId);
const stateOf = async (id: string) => (await api.deps.store.channelEndpoints.get(id))?.state;

describe('channel delivery', () => {
  it('delivers each change once to each endpoint it concerns, however often the batch is replayed', async () => {
    api.setNow('2026-12-01T10:00:00.000Z');
    await stream.next();
    const pub = await receiver();
    const team = await receiver();
    const other = await receiver();
    const component = (await (await api.request('POST', '/v1/components', { name: 'Payments' })).json()) as { id: string };
    const unrelated = (await (await api.request('POST', '/v1/components', { name: 'Search' })).json()) as { id: string };
    await stream.next();
    const p = await endpoint(pub.url);
    const t = await endpoint(team.url, { internal: true });
    await endpoint(other.url, { components: [unrelated.id] });
    const w = world();

    const incident = await declare('Payments down', { components: { [component.id]: 'major_outage' } });
    const records = await stream.next();
    await w.handler({ Records: records });
    await w.handler({ Records: records }); // the same batch again (a retried invocation)
    await world().handler({ Records: records.slice(1) }); // and again in another process

    const update = `incident_update:${incident.id}:1`;
    const status = expect.stringMatching(new RegExp(`^component_status:${component.id}:`));
    expect(changesAt(pub)).toHaveLength(2);
    expect(changesAt(pub)).toEqual(expect.arrayContaining([update, status]));
    // The team's channel also hears the internal timeline, once per event; the public one never.
    expect(changesAt(team)).toEqual(expect.arrayContaining([update, status]));
    expect(changesAt(team).some((c) => c.startsWith('internal_event:'))).toBe(true);
    expect(new Set(changesAt(team)).size).toBe(team.received.length);
    expect(other.received).toHaveLength(0); // filtered to another component
    // One webhook-id per (change, endpoint).
    const ids = [...pub.received, ...team.received].map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await delivery(update, p.id)).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(await delivery(update, t.id)).toMatchObject({ state: 'delivered', attempts: 1 });
  });

  it('retries a 500 at the backoff times, then delivers; each attempt is recorded', async () => {
    api.setNow('2026-12-01T11:00:00.000Z');
    const r = await receiver((n) => ({ status: n < 2 ? 500 : 204 }));
    const e = await endpoint(r.url);
    const w = world();
    const incident = await declare();
    await w.feed();
    expect(r.received).toHaveLength(1);
    const change = `incident_update:${incident.id}:1`;
    expect(await delivery(change, e.id)).toMatchObject({ state: 'pending', next_at: '2026-12-01T11:00:05.000Z', last_status: 500 });

    api.clock.advance(4_999);
    await w.worker.sweep();
    expect(r.received).toHaveLength(1); // not due yet
    api.clock.advance(1);
    await w.worker.sweep();
    expect(r.received).toHaveLength(2);
    expect(await delivery(change, e.id)).toMatchObject({ state: 'pending', next_at: '2026-12-01T11:01:05.000Z' });
    api.clock.advance(59_999);
    await w.worker.sweep();
    expect(r.received).toHaveLength(2);
    api.clock.advance(1);
    await w.worker.sweep();
    expect(r.received).toHaveLength(3);
    expect(await delivery(change, e.id)).toMatchObject({ state: 'delivered', attempts: 3, last_status: 204 });
    expect(new Set(r.received.map((q) => q.headers['webhook-id'])).size).toBe(1);
    const attempts = await api.deps.store.channelDeliveries.attempts(e.id, 50);
    expect(attempts.map((a) => a.status_code)).toEqual([204, 500, 500]);
    expect(attempts[2]).toMatchObject({ error: 'HTTP 500', at: '2026-12-01T11:00:00.000Z' });
    expect((await api.deps.store.channelEndpoints.get(e.id))?.consecutive_failures).toBe(0);
    await w.worker.sweep();
    expect(r.received).toHaveLength(3); // nothing left
  });

  it('keeps an endpoint in change order while it fails and recovers', async () => {
    api.setNow('2026-12-01T12:00:00.000Z');
    const r = await receiver((n) => ({ status: n < 2 ? 503 : 200 }));
    await endpoint(r.url);
    const w = world();
    const first = await declare('First');
    await w.feed();
    api.clock.advance(1_000);
    const second = await declare('Second');
    await w.feed(); // queued behind the failing first
    expect(changesAt(r)).toEqual([`incident_update:${first.id}:1`]);
    api.clock.advance(5_000);
    await w.worker.sweep();
    api.clock.advance(60_000);
    await w.worker.sweep();
    expect(changesAt(r)).toEqual([1, 1, 1].map(() => `incident_update:${first.id}:1`).concat(`incident_update:${second.id}:1`));
  });

  it('sends the newer update of an incident instead of an older one that kept failing', async () => {
    api.setNow('2026-12-01T13:00:00.000Z');
    const r = await receiver((n) => ({ status: n < 1 ? 500 : 200 }));
    const e = await endpoint(r.url);
    const w = world();
    const incident = await declare('Superseded');
    await w.feed();
    api.clock.advance(1_000);
    expect((await api.request('POST', `/v1/incidents/${incident.id}/updates`, { status: 'identified', message: 'Found it.' })).status).toBe(201);
    await w.feed();
    api.clock.advance(5_000);
    await w.worker.sweep();
    expect(changesAt(r)).toEqual([`incident_update:${incident.id}:1`, `incident_update:${incident.id}:2`]);
    expect(await delivery(`incident_update:${incident.id}:1`, e.id)).toMatchObject({ state: 'superseded' });
    expect(await delivery(`incident_update:${incident.id}:2`, e.id)).toMatchObject({ state: 'delivered' });
  });

  it('quarantines an endpoint at its 10th failure in a row, and sends it nothing more', async () => {
    api.setNow('2026-12-01T14:00:00.000Z');
    const r = await receiver(() => ({ status: 500 }));
    const e = await endpoint(r.url);
    const w = world();
    const incident = await declare('Quarantine');
    await w.feed();
    for (let i = 0; i < 12; i++) {
      api.clock.advance(2 * 3600_000);
      await w.worker.sweep();
    }
    expect(r.received).toHaveLength(10);
    const stored = await api.deps.store.channelEndpoints.get(e.id);
    expect(stored).toMatchObject({ state: 'quarantined', consecutive_failures: 10 });
    expect(stored?.state_reason).toContain('10 failed attempts');

    // Reactivated (as a responder or the contact's link does): worked again at once, from the stream.
    r.answer = () => ({ status: 200 });
    expect(await api.deps.store.channelEndpoints.save({ ...stored!, state: 'active', state_reason: null, consecutive_failures: 0, version: stored!.version + 1 }, stored!.version)).toBe('saved');
    await w.feed();
    expect(r.received).toHaveLength(11);
    expect(await delivery(`incident_update:${incident.id}:1`, e.id)).toMatchObject({ state: 'delivered', attempts: 11 });
  });

  it('disables an endpoint at once when it answers 410 Gone', async () => {
    api.setNow('2026-12-01T15:00:00.000Z');
    const r = await receiver(() => ({ status: 410 }));
    const e = await endpoint(r.url);
    const w = world();
    await declare('Gone');
    await w.feed();
    expect(r.received).toHaveLength(1);
    expect(await stateOf(e.id)).toBe('disabled');
    await declare('Gone again');
    await w.feed();
    api.clock.advance(3600_000);
    await w.worker.sweep();
    expect(r.received).toHaveLength(1);
  });

  it("disables a Slack webhook at channel_not_found, and waits out Slack's Retry-After", async () => {
    api.setNow('2026-12-01T15:30:00.000Z');
    const gone = await receiver(() => ({ status: 404, body: 'channel_not_found' }));
    const busy = await receiver((n) => (n === 0 ? { status: 429, body: 'rate_limited', headers: { 'retry-after': '30' } } : { status: 200, body: 'ok' }));
    const g = await endpoint(gone.url, { kind: 'slack' });
    const b = await endpoint(busy.url, { kind: 'slack' });
    const w = world();
    const incident = await declare('Slack');
    await w.feed();
    expect(await stateOf(g.id)).toBe('disabled');
    const change = `incident_update:${incident.id}:1`;
    expect(await delivery(change, b.id)).toMatchObject({ state: 'pending', last_status: 429, next_at: '2026-12-01T15:30:30.000Z' });
    api.clock.advance(29_999);
    await w.worker.sweep();
    expect(busy.received).toHaveLength(1);
    api.clock.advance(1);
    await w.worker.sweep();
    expect(await delivery(change, b.id)).toMatchObject({ state: 'delivered' });
  });

  it('a hanging receiver does not delay a healthy one', async () => {
    api.setNow('2026-12-01T16:00:00.000Z');
    const hung = await receiver(() => 'hang');
    const healthy = await receiver();
    const h = await endpoint(hung.url);
    const ok = await endpoint(healthy.url);
    const w = world({ timeoutMs: 4_000 });
    const incident = await declare('Hang');
    const change = `incident_update:${incident.id}:1`;
    const hungArrived = hung.nextRequest();
    const records = await stream.next();
    const handled = w.handler({ Records: records });
    await hungArrived;
    // The healthy endpoint's delivery settles while the hung one's request is still open.
    while ((await delivery(change, ok.id))?.state !== 'delivered') await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hung.open()).toBe(1);
    expect((await delivery(change, h.id))?.in_flight_at).not.toBeNull();
    await handled;
    expect(await delivery(change, h.id)).toMatchObject({ state: 'pending', last_status: null, last_error: expect.stringContaining('timed out') });
  });

  it('does not follow a redirect (a 3xx is a failure)', async () => {
    api.setNow('2026-12-01T17:00:00.000Z');
    const elsewhere = await receiver();
    const r = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const e = await endpoint(r.url);
    const w = world();
    const incident = await declare('Redirect');
    await w.feed();
    expect(r.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
    expect(await delivery(`incident_update:${incident.id}:1`, e.id)).toMatchObject({ state: 'pending', last_status: 307, last_error: 'HTTP 307' });
  });

  it('queues a newer change behind an older one still in flight to the same endpoint, and keeps their order when the older fails', async () => {
    api.setNow('2026-12-01T19:00:00.000Z');
    const r = await receiver((n) => (n === 0 ? 'hang' : { status: 200 }));
    const e = await endpoint(r.url);
    const w = world({ timeoutMs: 1_500 });
    const first = await declare('First in flight');
    const arrived = r.nextRequest();
    const firstDone = w.handler({ Records: await stream.next() });
    await arrived; // the first change's attempt is open
    api.clock.advance(1_000);
    const second = await declare('Second behind it');
    const secondDone = w.handler({ Records: await stream.next() });
    await Promise.all([firstDone, secondDone]);
    const [a, b] = [`incident_update:${first.id}:1`, `incident_update:${second.id}:1`];
    // The second was planned straight to the endpoint, waited for the first's attempt, found it failed and queued behind it.
    expect(changesAt(r)).toEqual([a]);
    expect(await delivery(a, e.id)).toMatchObject({ state: 'pending', attempts: 1, last_error: expect.stringContaining('timed out') });
    expect(await delivery(b, e.id)).toMatchObject({ state: 'pending', attempts: 0 });
    api.clock.advance(5_000);
    await w.worker.sweep();
    expect(changesAt(r)).toEqual([a, a, b]);
    expect(await delivery(b, e.id)).toMatchObject({ state: 'delivered', attempts: 1 });
  });

  it('after a worker stopped between a 2xx and recording it, sends once more with the same webhook-id, and never a third time', async () => {
    api.setNow('2026-12-01T20:00:00.000Z');
    const r = await receiver((n) => (n === 1 ? 'hang' : { status: 204 }));
    const e = await endpoint(r.url);
    // The fan-out's owner stops after the answer, before its `done` is written.
    const store = api.deps.store;
    const stopping = { ...store, channelDeliveries: { ...store.channelDeliveries, addFanOutDone: () => new Promise<void>(() => undefined) } };
    const dead = world({ store: stopping, owner: 'dead-after-2xx' });
    const incident = await declare('Crash after the answer');
    const change = `incident_update:${incident.id}:1`;
    const records = await stream.next();
    const arrived = r.nextRequest();
    void dead.handler({ Records: records });
    await arrived;
    while ((await api.deps.store.channelDeliveries.attempts(e.id, 50)).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await delivery(change, e.id)).toMatchObject({ state: 'pending', in_flight_at: '2026-12-01T20:00:00.000Z' });

    // A replay in another process while the owner's lease runs sends nothing, nor does a sweep.
    const other = world({ owner: 'other' });
    await other.handler({ Records: records });
    await other.worker.sweep();
    expect(r.received).toHaveLength(1);

    // Its lease runs out: the outcome is unknown, so once more, with the same webhook-id (it hangs: that worker stops too).
    api.clock.advance(61_000);
    const second = world({ owner: 'second', timeoutMs: 60_000 });
    const resent = r.nextRequest();
    void second.worker.sweep();
    await resent;
    expect(r.received[1]!.headers['webhook-id']).toBe(r.received[0]!.headers['webhook-id']);
    expect(await delivery(change, e.id)).toMatchObject({ state: 'pending', attempts: 2, unknown_resent: true });

    // Unknown twice: never a third time.
    api.clock.advance(61_000);
    const third = world({ owner: 'third' });
    await third.worker.sweep();
    expect(r.received).toHaveLength(2);
    expect(await delivery(change, e.id)).toMatchObject({ state: 'unknown' });
    const receipts = await api.deps.store.channelDeliveries.ofChange(change);
    expect(receipts.filter((d) => d.endpoint_id === e.id)).toHaveLength(1);
  });

  it('after a worker stopped mid-send, sends once more with the same webhook-id', async () => {
    api.setNow('2026-12-01T18:00:00.000Z');
    const r = await receiver((n) => (n === 0 ? 'hang' : { status: 200 }));
    const e = await endpoint(r.url);
    const dead = world({ timeoutMs: 60_000, owner: 'dead' });
    const incident = await declare('Crash');
    const change = `incident_update:${incident.id}:1`;
    const arrived = r.nextRequest();
    const records = await stream.next();
    const abandoned = dead.handler({ Records: records }); // its request hangs: as if it died after sending
    await arrived;
    api.clock.advance(61_000); // its lease runs out
    const next = world({ owner: 'next' });
    await next.worker.sweep();
    expect(r.received).toHaveLength(2);
    expect(r.received[1]!.headers['webhook-id']).toBe(r.received[0]!.headers['webhook-id']);
    expect(await delivery(change, e.id)).toMatchObject({ state: 'delivered', unknown_resent: true, attempts: 2 });
    const attempts = await api.deps.store.channelDeliveries.attempts(e.id, 50);
    expect(attempts.some((a) => a.error?.startsWith('outcome unknown'))).toBe(true);
    // The dead worker's late answer changes nothing.
    for (const res of receivers) await res.close().catch(() => undefined);
    await abandoned;
    expect(await delivery(change, e.id)).toMatchObject({ state: 'delivered' });
  });
});
