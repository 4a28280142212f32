// End to end on one machine: a declared incident, the real payload builders and signing, delivered
// by the worker to the local stack's /_local/webhooks receiver (served on loopback), which checks
// the signature with `standardwebhooks`; then the receipts through the API.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import { newWebhookSecret } from '#app/channels/webhook-secret';
import { channelRequestBuilder } from '#channels/build-request';
import { createChannelStreamHandler } from '#channels/stream-handler';
import { createChannelWorker } from '#channels/worker';
import { webhookReceiverRoutes, type ReceivedWebhook } from '#local/webhook-receiver';
import { IncidentSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';
import { openStream, type StreamReader } from '../mailer/support/stream';

let api: TestApi;
let stream: StreamReader;
let server: ServerType;
let base: string;

beforeAll(async () => {
  api = await createTestApi();
  stream = await openStream(api.endpoint, api.tableName);
  const receiver = webhookReceiverRoutes({ endpoints: () => api.deps.store.channelEndpoints.list(), now: () => api.clock.iso() });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: receiver.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  stream.close();
  await api.drop();
});

const received = async () => (await (await fetch(`${base}/_local/webhooks`)).json()) as ReceivedWebhook[];

describe('/_local/webhooks', () => {
  it('receives a signed Statuspage-shaped webhook, verifies it, and the receipts count it', async () => {
    api.setNow('2026-12-02T09:00:00.000Z');
    const at = api.clock.iso();
    const endpoint: ChannelEndpoint = {
      id: 'ep-local-1',
      kind: 'webhook',
      url: `${base}/_local/webhooks/team-a`,
      components: [],
      internal: false,
      contact_email: null,
      state: 'active',
      state_reason: null,
      secrets: [newWebhookSecret(at)],
      consecutive_failures: 0,
      created_at: at,
      updated_at: at,
      created_by: null,
      version: 1,
    };
    expect(await api.deps.store.channelEndpoints.create(endpoint)).toBe('created');
    await stream.next();
    const deps = { store: api.deps.store, clock: api.clock, build: channelRequestBuilder(api.deps.store, api.deps.config), log: { info: () => undefined, error: () => undefined } };
    const worker = createChannelWorker(deps);
    const handler = createChannelStreamHandler(deps, worker);

    const res = await api.request('POST', '/v1/incidents', { title: 'Login is slow', severity: 'SEV3', message: 'Looking into slow logins.' });
    const incident = IncidentSchema.parse(await res.json());
    await handler({ Records: await stream.next() });

    const got = await received();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ path: '/_local/webhooks/team-a', signature: 'valid', endpoint_ids: ['ep-local-1'] });
    expect(got[0]!.headers['webhook-id']).toMatch(/^msg_/);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ incident: { name: 'Login is slow' } });

    // A forged request to the same path is recorded as invalid.
    await fetch(`${base}/_local/webhooks/team-a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_x', 'webhook-timestamp': String(Math.floor(api.clock.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      body: '{}',
    });
    expect((await received())[1]).toMatchObject({ signature: 'invalid' });
    const page = await (await fetch(`${base}/_local/webhooks.html`)).text();
    expect(page).toContain('/_local/webhooks/team-a');

    const receipts = await api.request('GET', `/v1/incidents/${incident.id}/updates/1/deliveries`);
    expect(receipts.status).toBe(200);
    expect(await receipts.json()).toMatchObject({
      incident_id: incident.id,
      seq: 1,
      channels: { webhook: { planned: 1, sent: 1, delivered: 1, failed: 0, pending: 0 }, slack: { planned: 0 }, teams: { planned: 0 } },
    });
    const attempts = await api.request('GET', `/v1/webhooks/ep-local-1/attempts`);
    expect(attempts.status).toBe(200);
    expect(await attempts.json()).toMatchObject({ endpoint_id: 'ep-local-1', attempts: [{ status_code: 204, error: null, at: '2026-12-02T09:00:00.000Z' }] });

    const missing = await api.request('GET', `/v1/incidents/${incident.id}/updates/9/deliveries`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});
