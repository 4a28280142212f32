// API key scopes on /v1: a key without a route's scope is 403 problem+json naming the scope;
// a missing or wrong key stays 401; keys stored before scopes existed keep every scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintApiKey } from '#app/api-keys/api-key-secrets';
import { createApiKey } from '#app/api-keys/create-api-key';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import type { ApiKeyScope } from '#core/api-key-scopes';
import { createApp } from '#api/app';
import { routeScopeRule } from '#api/route-scopes';
import { IncidentSchema } from '#api/schemas';
import { authorizedRequester, createTestApi, type TestApi } from '../support/api';

let api: TestApi;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  api = await createTestApi();
  app = createApp(api.deps, { tokens: createSubscriptionTokens(async () => 'key-scopes-test-secret-0123456789abcdef') });
});
afterAll(() => api.drop());

/** Requests with a fresh key holding these scopes. */
const aKeyWith = async (...scopes: ApiKeyScope[]) =>
  authorizedRequester(app, (await createApiKey(api.deps, `key-${scopes.join('-')}`, { scopes })).key);

/** Requests with a key stored as keys were before scopes existed: no `scopes` attribute. */
async function aKeyFromBeforeScopes() {
  const { key, hash, prefix } = mintApiKey();
  await api.deps.store.apiKeys.create({ hash, prefix, name: 'legacy', created_at: api.deps.now(), revoked_at: null });
  return authorizedRequester(app, key);
}

const declaration = (title: string) => ({ title, severity: 'SEV3', message: 'Looking into it.' });
const anImport = (email: string) => ({ subscribers: [{ email }], confirmed: true });

async function expectForbidden(res: Response, scope: ApiKeyScope) {
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(await res.json()).toMatchObject({
    title: 'Forbidden',
    status: 403,
    detail: `This API key lacks the '${scope}' scope.`,
  });
}

async function titlesDeclared(): Promise<string[]> {
  const res = await api.request('GET', '/v1/incidents?state=all');
  expect(res.status).toBe(200);
  return IncidentSchema.array().parse(await res.json()).map((incident) => incident.title);
}

describe('API key scopes', () => {
  it('refuses an incidents key the subscribers, naming the scope, and lets it declare an incident', async () => {
    // Prepare
    const incidents = await aKeyWith('incidents');

    // Act
    const listed = await incidents('GET', '/v1/subscribers');
    const imported = await incidents('POST', '/v1/subscribers', anImport('leak@example.com'));
    const removed = await incidents('DELETE', '/v1/subscribers/sub_whoever');
    const declared = await incidents('POST', '/v1/incidents', declaration('Declared with an incidents key'));

    // Assess
    await expectForbidden(listed, 'subscribers');
    await expectForbidden(imported, 'subscribers');
    await expectForbidden(removed, 'subscribers');
    expect(declared.status).toBe(201);
    const subscribers = await api.request('GET', '/v1/subscribers');
    expect(((await subscribers.json()) as { subscribers: Array<{ email: string }> }).subscribers.map((s) => s.email)).not.toContain('leak@example.com');
  });

  it('does not let incidents imply read: reading needs the read scope too', async () => {
    const incidents = await aKeyWith('incidents');
    const both = await aKeyWith('incidents', 'read');

    await expectForbidden(await incidents('GET', '/v1/incidents'), 'read');
    expect((await both('GET', '/v1/incidents')).status).toBe(200);
  });

  it('lets a read key list but not post, and changes nothing when it tries', async () => {
    const read = await aKeyWith('read');

    const lists = await Promise.all(['/v1/incidents', '/v1/components', '/v1/maintenances'].map((path) => read('GET', path)));
    const declared = await read('POST', '/v1/incidents', declaration('Declared with a read key'));
    const component = await read('POST', '/v1/components', { name: 'Made with a read key' });
    const subscribers = await read('GET', '/v1/subscribers');

    expect(lists.map((res) => res.status)).toEqual([200, 200, 200]);
    await expectForbidden(declared, 'incidents');
    await expectForbidden(component, 'admin');
    await expectForbidden(subscribers, 'subscribers');
    expect(await titlesDeclared()).not.toContain('Declared with a read key');
  });

  it('gives an incidents key no component writes: those need admin', async () => {
    const incidents = await aKeyWith('incidents', 'read');

    await expectForbidden(await incidents('POST', '/v1/components', { name: 'Made with an incidents key' }), 'admin');
  });

  it('lets a subscribers key manage subscribers and nothing else', async () => {
    const subscribers = await aKeyWith('subscribers');

    expect((await subscribers('POST', '/v1/subscribers', anImport('kept@example.com'))).status).toBe(200);
    expect((await subscribers('GET', '/v1/subscribers')).status).toBe(200);
    await expectForbidden(await subscribers('GET', '/v1/incidents'), 'read');
    await expectForbidden(await subscribers('POST', '/v1/incidents', declaration('Declared with a subscribers key')), 'incidents');
  });

  it.each([
    ['a key stored before scopes existed', aKeyFromBeforeScopes],
    ['an admin key', () => aKeyWith('admin')],
  ])('lets %s do everything', async (label, aKey) => {
    const key = await aKey();

    const component = await key('POST', '/v1/components', { name: `Component of ${label}` });
    const declared = await key('POST', '/v1/incidents', declaration(`Declared by ${label}`));
    const listed = await key('GET', '/v1/incidents');
    const imported = await key('POST', '/v1/subscribers', anImport(`${label.split(' ')[1]}@example.com`));
    const subscribers = await key('GET', '/v1/subscribers');

    expect([component.status, declared.status, listed.status, imported.status, subscribers.status]).toEqual([201, 201, 200, 200, 200]);
  });

  it('still answers 401, not 403, to a missing or wrong key on a scoped route', async () => {
    const missing = await app.request('/v1/subscribers');
    const wrong = await authorizedRequester(app, 'hk_not-a-real-key')('GET', '/v1/subscribers');

    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  });

  it('leaves public routes open to anyone', async () => {
    expect((await app.request('/v1/health')).status).toBe(200);
    expect((await app.request('/v1/openapi.json')).status).toBe(200);
  });

  it('gives every authenticated route in the OpenAPI document a row in the scope table', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };

    const unlisted = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => (operation.security ?? []).length > 0)
        .filter(() => !routeScopeRule(path))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );

    expect(unlisted).toEqual([]);
  });

  it('names each authenticated route\u2019s scope in the OpenAPI document', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
    };

    expect(doc.paths['/v1/subscribers']?.get?.security).toEqual([{ bearer: ['subscribers'] }]);
    expect(doc.paths['/v1/incidents']?.get?.security).toEqual([{ bearer: ['read'] }]);
    expect(doc.paths['/v1/incidents']?.post?.security).toEqual([{ bearer: ['incidents'] }]);
    expect(doc.paths['/v1/components/{id}']?.delete?.security).toEqual([{ bearer: ['admin'] }]);
    expect(doc.paths['/v1/health']?.get?.security).toBeUndefined();
  });
});
