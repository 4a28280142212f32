// API keys for admins with an API key, as on the console's People & keys screen: list (never a
// hash), create with scopes and an owner (the key answered once), revoke by prefix.
import { createRoute, z } from '@hono/zod-openapi';
import { createApiKey } from '#app/api-keys/create-api-key';
import { listApiKeys } from '#app/api-keys/list-api-keys';
import { revokeApiKey } from '#app/api-keys/revoke-api-key';
import type { AppDeps } from '#app/deps';
import { API_KEY_SCOPES } from '#core/api-key-scopes';
import { NotFoundError } from '#core/errors';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const timestamp = z.string().openapi({ format: 'date-time' });
const Scope = z.enum(API_KEY_SCOPES).openapi('ApiKeyScope', { description: 'read, incidents, subscribers, admin (admin implies every scope).' });

export const ApiKeySchema = z
  .object({
    prefix: z.string().openapi({ description: 'The first characters of the key, safe to show.', example: 'hk_ab12cd' }),
    name: z.string(),
    owner: z.string().nullable(),
    scopes: z.array(Scope),
    scoped: z.boolean().openapi({ description: 'False for a key created before scopes existed: it holds every scope.' }),
    created_at: timestamp,
    revoked_at: timestamp.nullable(),
    last_used_at: timestamp.nullable().openapi({ description: 'Last authenticated request, written at most once an hour; null when not recorded.' }),
  })
  .openapi('ApiKey');

const CreateApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(Scope).min(1),
    owner: z.string().trim().max(320).nullable().optional(),
  })
  .strict()
  .openapi('CreateApiKey');

const CreatedApiKeySchema = z
  .object({
    key: z.string().openapi({ description: 'The key itself: answered this once, stored only as a hash.' }),
    prefix: z.string(),
    name: z.string(),
    scopes: z.array(Scope),
    owner: z.string().nullable(),
  })
  .openapi('CreatedApiKey');

const PrefixParam = z.object({
  prefix: z.string().min(3).max(64).openapi({ param: { name: 'prefix', in: 'path' }, example: 'hk_ab12cd' }),
});

const list = createRoute({
  method: 'get', path: '/', summary: 'List API keys', security: bearer,
  responses: { 200: { description: 'Every key, oldest first, revoked ones included', content: json(z.array(ApiKeySchema)) }, ...errors(401, 403) },
});
const create = createRoute({
  method: 'post', path: '/', summary: 'Create an API key with scopes', security: bearer,
  description: 'The key is in this answer only; Herald keeps its hash.',
  request: { body: { required: true, content: json(CreateApiKeyBody) } },
  responses: { 201: { description: 'Created', content: json(CreatedApiKeySchema) }, ...errors(400, 401, 403, 413, 415) },
});
const revoke = createRoute({
  method: 'delete', path: '/{prefix}', summary: 'Revoke an API key', security: bearer,
  description: 'Requests with it are refused (401) at once on this process, within 5 s on others.',
  request: { params: PrefixParam },
  responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 403, 404) },
});

export function apiKeyRoutes(deps: AppDeps) {
  return router()
    .openapi(list, async (c) => c.json((await listApiKeys(deps)).map((key) => ({ ...key, scopes: [...key.scopes] })), 200))
    .openapi(create, async (c) => {
      const { name, scopes, owner } = c.req.valid('json');
      return c.json(await createApiKey(deps, name, { scopes, owner: owner ?? null }), 201);
    })
    .openapi(revoke, async (c) => {
      const { prefix } = c.req.valid('param');
      if (!(await revokeApiKey(deps, prefix))) throw new NotFoundError(`No active API key starts with ${prefix}.`);
      return c.body(null, 204);
    });
}
