// Channel receipts: GET /v1/incidents/{id}/updates/{seq}/deliveries (per channel: planned, sent,
// delivered, failed, pending, superseded; mail: planned, sent, delivered, bounced, complained, failed,
// pending, skipped) and GET /v1/webhooks/{id}/attempts (an
// endpoint's last 50 attempts: time, status code, latency, error). Read scope (route-scopes.ts rows
// /v1/incidents and /v1/webhooks).
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { readEndpointAttempts, readUpdateDeliveries } from '#app/channels/read-deliveries';
import { IdParam } from '../schemas';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const UpdateParams = IdParam.extend({
  seq: z.coerce.number().int().min(1).max(1_000_000).openapi({ param: { name: 'seq', in: 'path' } }),
});

const ChannelCountsSchema = z
  .object({
    planned: z.number().int(),
    sent: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    pending: z.number().int(),
    superseded: z.number().int(),
  })
  .openapi('ChannelCounts');

export const UpdateDeliveriesSchema = z
  .object({
    incident_id: z.string(),
    seq: z.number().int(),
    channels: z.object({ webhook: ChannelCountsSchema, slack: ChannelCountsSchema, teams: ChannelCountsSchema }),
    mail: z
      .object({
        planned: z.number().int().openapi({ description: 'Subscribers the fan-out planned to mail.' }),
        sent: z.number().int().openapi({ description: 'SES accepted the mail.' }),
        delivered: z.number().int().openapi({ description: "SES delivery events: the receiving server accepted the mail." }),
        bounced: z.number().int().openapi({ description: 'Permanent bounces (the address is suppressed from then on).' }),
        complained: z.number().int().openapi({ description: 'Complaints (the address is suppressed from then on).' }),
        failed: z.number().int().openapi({ description: 'SES refused the mail for good.' }),
        pending: z.number().int().openapi({ description: 'Not settled yet: being sent or waiting for a retry.' }),
        skipped: z.number().int().openapi({ description: 'No mail was due any more: the subscriber left, was suppressed or changed their filter since planning.' }),
      })
      .nullable(),
  })
  .openapi('UpdateDeliveries');

export const DeliveryAttemptSchema = z
  .object({
    delivery_id: z.string(),
    change_id: z.string(),
    at: z.string(),
    status_code: z.number().int().nullable(),
    latency_ms: z.number().int(),
    error: z.string().nullable(),
  })
  .openapi('DeliveryAttempt');

const deliveries = createRoute({
  method: 'get', path: '/{id}/updates/{seq}/deliveries', summary: "What became of an update on each channel", security: bearer,
  description: 'Per channel (webhook, slack, teams): deliveries planned, sent, delivered (2xx), failed, pending, superseded; mail: recipients planned, sent (SES accepted), failed (SES refused for good), pending, skipped (no mail due any more), and SES\u2019s delivered / bounced / complained events (kept 14 days).',
  request: { params: UpdateParams },
  responses: { 200: { description: 'Counts per channel', content: json(UpdateDeliveriesSchema) }, ...errors(400, 401, 404) },
});

const attempts = createRoute({
  method: 'get', path: '/{id}/attempts', summary: "An endpoint's last 50 delivery attempts", security: bearer,
  description: 'Newest first: when, the HTTP status (null: no answer), latency in ms, and the error (null on success).',
  request: { params: IdParam },
  responses: { 200: { description: 'Attempts, newest first', content: json(z.object({ endpoint_id: z.string(), attempts: z.array(DeliveryAttemptSchema) })) }, ...errors(401, 404) },
});

export function updateDeliveryRoutes(deps: AppDeps) {
  return router().openapi(deliveries, async (c) => {
    const { id, seq } = c.req.valid('param');
    return c.json(await readUpdateDeliveries(deps, id, seq), 200);
  });
}

export function endpointAttemptRoutes(deps: AppDeps) {
  return router().openapi(attempts, async (c) => {
    const { id } = c.req.valid('param');
    const list = await readEndpointAttempts(deps, id);
    return c.json(
      { endpoint_id: id, attempts: list.map(({ delivery_id, change_id, at, status_code, latency_ms, error }) => ({ delivery_id, change_id, at, status_code, latency_ms, error })) },
      200,
    );
  });
}
