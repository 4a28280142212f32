// /v1/api-keys against DynamoDB Local: list (no hashes, last use), create with scopes (the key
// answered once, working with exactly those scopes), revoke (then 401), admin scope only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeySchema } from '#api/routes/api-keys';
import { ProblemSchema } from '#api/schemas';
import { createApiKey } from '#app/api-keys/create-api-key';
import { authorizedRequester, createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const as = (key: string) => authorizedRequester(api.app, key);

describe('/v1/api-keys', () => {
  it('creates a key with scopes and an owner, answered once, that works with exactly those scopes', async () => {
    const res = await api.request('POST', '/v1/api-keys', { name: 'deploy bot', scopes: ['incidents', 'read'], owner: 'ops@example.com' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { key: string; prefix: string; name: string; scopes: string[]; owner: string | null };
    expect(created).toMatchObject({ name: 'deploy bot', scopes: ['incidents', 'read'], owner: 'ops@example.com' });
    expect(created.key).toMatch(/^hk_/);

    expect((await as(created.key)('GET', '/v1/incidents')).status).toBe(200);
    expect((await as(created.key)('GET', '/v1/subscribers')).status).toBe(403);
    expect((await as(created.key)('GET', '/v1/api-keys')).status).toBe(403);

    const listed = ApiKeySchema.array().parse(await (await api.request('GET', '/v1/api-keys')).json());
    const mine = listed.find((k) => k.prefix === created.prefix)!;
    expect(mine).toMatchObject({ name: 'deploy bot', scoped: true, revoked_at: null, last_used_at: api.clock.iso() });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(JSON.stringify(listed)).not.toContain('hash');
  });

  it('refuses a key without a name or scope, or with an unknown scope (400), creating nothing', async () => {
    const before = (await api.deps.store.apiKeys.list()).length;
    for (const body of [{ name: '', scopes: ['read'] }, { name: 'x', scopes: [] }, { name: 'x', scopes: ['root'] }]) {
      const res = await api.request('POST', '/v1/api-keys', body);
      expect(res.status).toBe(400);
      ProblemSchema.parse(await res.json());
    }
    expect((await api.deps.store.apiKeys.list()).length).toBe(before);
  });

  it('revokes by prefix (204), after which the key is refused (401); an unknown prefix is 404', async () => {
    const { key, prefix } = await createApiKey(api.deps, 'short-lived', { scopes: ['read'] });
    expect((await as(key)('GET', '/v1/incidents')).status).toBe(200);
    expect((await api.request('DELETE', `/v1/api-keys/${prefix}`)).status).toBe(204);
    expect((await as(key)('GET', '/v1/incidents')).status).toBe(401);
    const again = await api.request('DELETE', `/v1/api-keys/${prefix}`);
    expect(again.status).toBe(404);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  });

  it('needs the admin scope, and says so in the OpenAPI document', async () => {
    const { key } = await createApiKey(api.deps, 'reader', { scopes: ['read', 'incidents', 'subscribers'] });
    expect((await as(key)('POST', '/v1/api-keys', { name: 'escalate', scopes: ['admin'] })).status).toBe(403);
    expect((await api.deps.store.apiKeys.list()).map((k) => k.name)).not.toContain('escalate');
    const doc = (await (await api.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { security: unknown }>> };
    expect(doc.paths['/v1/api-keys']?.post?.security).toEqual([{ bearer: ['admin'] }]);
    expect(doc.paths['/v1/api-keys/{prefix}']?.delete?.security).toEqual([{ bearer: ['admin'] }]);
  });
});
