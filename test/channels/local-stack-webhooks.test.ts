// The whole local stack: a webhook endpoint created through the API at the stack's own
// /_local/webhooks receives the declared incident, signed, through the stream poller and the
// channel worker, and the receipts say so.
import { describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import type { ReceivedWebhook } from '#local/webhook-receiver';
import { withLocalStack } from '../support/local-stack';

describe('the local stack delivers webhooks', () => {
  it('to its own /_local/webhooks, signed and verified', async () => {
    await withLocalStack('webhooks', 'hk_test_local_webhooks_key', async (stack, call) => {
      const created = await call('POST', '/v1/webhooks', { url: `${stack.url}/_local/webhooks/tour` });
      expect(created.status).toBe(201);
      const endpoint = (await created.json()) as { id: string; state: string };
      expect(endpoint.state).toBe('active');
      const incident = IncidentSchema.parse(await (await call('POST', '/v1/incidents', { title: 'Search is down', severity: 'SEV2', message: 'Investigating.' })).json());

      let got: ReceivedWebhook[] = [];
      while (got.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        got = (await (await fetch(`${stack.url}/_local/webhooks`)).json()) as ReceivedWebhook[];
      }
      expect(got[0]).toMatchObject({ path: '/_local/webhooks/tour', signature: 'valid', endpoint_ids: [endpoint.id] });
      expect(JSON.parse(got[0]!.body)).toMatchObject({ incident: { name: 'Search is down' } });
      expect(await (await fetch(`${stack.url}/_local/webhooks.html`)).text()).toContain('/_local/webhooks/tour');

      type Receipts = { channels: { webhook: { delivered: number } } };
      const read = async () => (await (await call('GET', `/v1/incidents/${incident.id}/updates/1/deliveries`)).json()) as Receipts;
      let receipts = await read();
      while (receipts.channels.webhook.delivered !== 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        receipts = await read();
      }
      expect(receipts).toMatchObject({ channels: { webhook: { planned: 1, sent: 1, delivered: 1, pending: 0 } } });
      const attempts = (await (await call('GET', `/v1/webhooks/${endpoint.id}/attempts`)).json()) as { attempts: Array<{ status_code: number }> };
      expect(attempts.attempts[0]).toMatchObject({ status_code: 204, error: null });
    });
  });
});
