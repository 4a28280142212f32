// The incident screen shows each update's receipts: what the channel worker delivered (real
// loopback receivers, the table's real stream, the real worker) and what is still pending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import { createChannelStreamHandler } from '#channels/stream-handler';
import { createChannelWorker } from '#channels/worker';
import type { ChannelWorkerDeps } from '#channels/deps';
import { IncidentSchema } from '#api/schemas';
import { createConsoleTestApi, signedInBrowser, type ConsoleTestApi } from '../support/console';
import { openStream, type StreamReader } from '../mailer/support/stream';
import { startReceiver, type Receiver } from '../channels/support/receiver';

let api: ConsoleTestApi;
let stream: StreamReader;
const receivers: Receiver[] = [];
beforeAll(async () => {
  api = await createConsoleTestApi();
  stream = await openStream(api.endpoint, api.tableName);
});
afterAll(async () => {
  stream.close();
  for (const r of receivers) await r.close();
  await api.drop();
});

async function endpoint(id: string, url: string): Promise<void> {
  const at = api.clock.iso();
  const e: ChannelEndpoint = {
    id, kind: 'webhook', url, components: [], internal: false, contact_email: null, state: 'active', state_reason: null,
    secrets: [], consecutive_failures: 0, created_at: at, updated_at: at, created_by: null, version: 1,
  };
  expect(await api.deps.store.channelEndpoints.create(e)).toBe('created');
}

describe('receipts on the incident screen', () => {
  it("shows how many endpoints got each update, and what is pending", async () => {
    const ok = await startReceiver(() => ({ status: 200 }));
    const failing = await startReceiver(() => ({ status: 500 }));
    receivers.push(ok, failing);
    await endpoint('recpt0000001', ok.url);
    await endpoint('recpt0000002', failing.url);
    const deps: ChannelWorkerDeps = {
      store: api.deps.store,
      clock: api.clock,
      log: { info: () => undefined, error: () => undefined },
      random: () => 0.5,
      timeoutMs: 3_000,
      build: async (_endpoint, change, delivery) => ({ body: JSON.stringify({ change: change.id }), headers: { 'webhook-id': delivery.deliveryId } }),
    };
    const worker = createChannelWorker(deps);
    const handler = createChannelStreamHandler(deps, worker);
    await stream.next();

    const declared = await api.request('POST', '/v1/incidents', { title: 'Receipts on screen', severity: 'SEV2', message: 'Investigating.' });
    const incident = IncidentSchema.parse(await declared.json());
    await handler({ Records: await stream.next() });
    await worker.idle();

    const ic = await signedInBrowser(api, 'ic@example.com', 'responder');
    const page = await (await ic.get(`/console/incidents/${incident.id}`)).text();
    expect(page).toContain('Receipts · Webhooks: 1 of 2 delivered (1 pending)');
    expect(ok.received).toHaveLength(1);
  });
});
