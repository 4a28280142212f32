// /v1/webhooks: channel endpoints (signed webhooks, Slack, Teams) a responder adds and manages.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import { createEndpoint, type CreatedEndpoint } from '#app/channels/create-endpoint';
import { deleteEndpoint } from '#app/channels/delete-endpoint';
import { getEndpoint } from '#app/channels/get-endpoint';
import { listEndpoints } from '#app/channels/list-endpoints';
import { reactivateEndpoint } from '#app/channels/reactivate-endpoint';
import { rotateSecret } from '#app/channels/rotate-secret';
import { updateEndpoint } from '#app/channels/update-endpoint';
import { ifMatchVersion, requestContext } from '../request-context';
import { IdParam, IfMatchHeader } from '../schemas';
import { CreateWebhookBody, UpdateWebhookBody, WebhookSchema, WebhookWithSecretSchema } from '../webhook-schemas';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const list = createRoute({
  method: 'get', path: '/', summary: 'List webhook, Slack and Teams endpoints', security: bearer,
  responses: { 200: { description: 'Every endpoint, oldest first (never a secret)', content: json(z.array(WebhookSchema)) }, ...errors(401, 403) },
});
const create = createRoute({
  method: 'post', path: '/', summary: 'Add a webhook, Slack or Teams endpoint', security: bearer,
  request: { body: { required: true, content: json(CreateWebhookBody) } },
  responses: {
    201: { description: 'Added and active; a webhook\'s signing `secret` is in this answer only', content: json(WebhookWithSecretSchema) },
    ...errors(400, 401, 403, 413, 415, 422),
  },
});
const read = createRoute({
  method: 'get', path: '/{id}', summary: 'Read an endpoint', security: bearer,
  request: { params: IdParam },
  responses: { 200: { description: 'The endpoint (never a secret)', content: json(WebhookSchema) }, ...errors(401, 403, 404) },
});
const patch = createRoute({
  method: 'patch', path: '/{id}', summary: 'Change an endpoint', security: bearer,
  request: { params: IdParam, headers: IfMatchHeader, body: { required: true, content: json(UpdateWebhookBody) } },
  responses: { 200: { description: 'Changed', content: json(WebhookSchema) }, ...errors(400, 401, 403, 404, 412, 413, 415) },
});
const remove = createRoute({
  method: 'delete', path: '/{id}', summary: 'Remove an endpoint', security: bearer,
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...errors(401, 403, 404) },
});
const rotate = createRoute({
  method: 'post', path: '/{id}/rotate-secret', summary: "Rotate a webhook's signing secret", security: bearer,
  request: { params: IdParam, headers: IfMatchHeader },
  responses: {
    200: {
      description: 'The new `secret`, in this answer only; the previous one keeps signing beside it for 24 hours',
      content: json(WebhookWithSecretSchema),
    },
    ...errors(401, 403, 404, 409, 412),
  },
});
const reactivate = createRoute({
  method: 'post', path: '/{id}/reactivate', summary: 'Deliver to a quarantined or disabled endpoint again', security: bearer,
  request: { params: IdParam, headers: IfMatchHeader },
  responses: { 200: { description: 'Active, its failure count reset', content: json(WebhookSchema) }, ...errors(401, 403, 404, 409, 412) },
});

/** What the API shows of an endpoint: never a secret. */
export function webhookView(endpoint: ChannelEndpoint): z.infer<typeof WebhookSchema> {
  const { secrets, ...shown } = endpoint;
  return {
    id: shown.id,
    kind: shown.kind,
    url: shown.url,
    components: shown.components,
    internal: shown.internal,
    contact_email: shown.contact_email,
    state: shown.state,
    state_reason: shown.state_reason,
    consecutive_failures: shown.consecutive_failures,
    signed: secrets.length > 0,
    secret_created_at: secrets[0]?.created_at ?? null,
    previous_secret_expires_at: secrets[1]?.expires_at ?? null,
    created_at: shown.created_at,
    updated_at: shown.updated_at,
    created_by: shown.created_by,
    version: shown.version,
  };
}

const withSecret = ({ endpoint, secret }: CreatedEndpoint) => ({ ...webhookView(endpoint), secret });

export function webhookRoutes(deps: AppDeps) {
  const endpointContext = (c: Parameters<typeof requestContext>[0]) => ({
    ...requestContext(c, deps.now()),
    ifMatch: ifMatchVersion(c.req.header('if-match')),
  });
  return router()
    .openapi(list, async (c) => c.json((await listEndpoints(deps)).map(webhookView), 200))
    .openapi(create, async (c) => {
      const ctx = requestContext(c, deps.now(), (created: CreatedEndpoint) => ({ status: 201, body: withSecret(created) }));
      const body = c.req.valid('json');
      return c.json(withSecret(await createEndpoint(deps, body, ctx)), 201);
    })
    .openapi(read, async (c) => c.json(webhookView(await getEndpoint(deps, c.req.valid('param').id)), 200))
    .openapi(patch, async (c) => c.json(webhookView(await updateEndpoint(deps, c.req.valid('param').id, c.req.valid('json'), endpointContext(c))), 200))
    .openapi(remove, async (c) => {
      await deleteEndpoint(deps, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(rotate, async (c) => c.json(withSecret(await rotateSecret(deps, c.req.valid('param').id, endpointContext(c))), 200))
    .openapi(reactivate, async (c) => c.json(webhookView(await reactivateEndpoint(deps, c.req.valid('param').id, endpointContext(c))), 200));
}
