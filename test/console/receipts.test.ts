// The incident screen shows each update's receipts: what the channel worker delivered (real
// loopback receivers, the table's real stream, the real worker) and what is still pending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import type { UpdateDeliveries } from '#app/channels/read-deliveries';
import { ReceiptsLine } from '../../functions/console/ui/receipts';
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

describe('the receipts line', () => {
  const none = { planned: 0, sent: 0, delivered: 0, failed: 0, pending: 0, superseded: 0 };
  const line = (mail: UpdateDeliveries['mail']) =>
    String(ReceiptsLine({ receipts: { incident_id: 'INC-20261102-0900', seq: 1, channels: { webhook: none, slack: none, teams: none }, mail } }));

  it("says how many subscribers' mails SES took, and what became of the rest", () => {
    expect(line({ planned: 300, sent: 296, delivered: 290, bounced: 2, complained: 1, failed: 1, pending: 2, skipped: 1 })).toContain(
      'Receipts · Mail: 296 of 300 sent, 290 delivered (2 pending, 1 refused by SES, 1 no longer due, 2 bounced, 1 complained)',
    );
    expect(line({ planned: 3, sent: 3, delivered: 3, bounced: 0, complained: 0, failed: 0, pending: 0, skipped: 0 })).toContain(
      'Receipts · Mail: 3 of 3 sent, 3 delivered</p>',
    );
    expect(line(null)).toBe('null');
    // A fan-out that found nobody to mail says nothing about mail.
    expect(line({ planned: 0, sent: 0, delivered: 0, bounced: 0, complained: 0, failed: 0, pending: 0, skipped: 0 })).toBe('null');
  });
});
