import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '#app/api-keys/create-api-key';
import type { HostResolver, ResolvedAddress } from '#app/channels/host-resolver';
import { signingSecrets } from '#app/channels/webhook-secret';
import { ComponentSchema, ProblemSchema } from '#api/schemas';
import { WebhookSchema, WebhookWithSecretSchema } from '#api/webhook-schemas';
import { authorizedRequester, createTestApi, type TestApi } from '../support/api';

let api: TestApi;

/** DNS as the test says: names it does not list resolve to nothing (accepted, as when offline). */
const DNS: Record<string, ResolvedAddress[]> = {
  'hooks.example.com': [{ address: '93.184.215.14', family: 4 }],
  'internal.example.com': [{ address: '127.0.0.1', family: 4 }],
  'rebound.example.com': [
    { address: '93.184.215.14', family: 4 },
    { address: '::ffff:169.254.169.254', family: 6 },
  ],
};
const resolveHost: HostResolver = async (hostname) => DNS[hostname] ?? [];

beforeAll(async () => {
  api = await createTestApi();
  api.deps.channels = { resolveHost };
});
afterAll(() => api.drop());

const SLACK_URL = 'https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnop';
const TEAMS_URL = 'https://prod-12.westus.logic.azure.com:443/workflows/0a1b2c/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x';

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return ProblemSchema.parse(await res.json());
}

async function aWebhook(body: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/v1/webhooks', { url: 'https://hooks.example.com/herald', ...body });
  expect(res.status).toBe(201);
  return WebhookWithSecretSchema.parse(await res.json());
}

const read = async (id: string) => WebhookSchema.parse(await (await api.request('GET', `/v1/webhooks/${id}`)).json());

describe('/v1/webhooks: CRUD', () => {
  it('adds a webhook (active, signing secret shown once), reads and lists it without any secret', async () => {
    // Prepare
    const component = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'Checkout' })).json());
    // Act
    const created = await aWebhook({ components: [component.id], contact_email: 'Ops@Example.org' });
    const got = await api.request('GET', `/v1/webhooks/${created.id}`);
    const listed = await api.request('GET', '/v1/webhooks');
    // Assess
    expect(created).toMatchObject({
      kind: 'webhook',
      url: 'https://hooks.example.com/herald',
      components: [component.id],
      internal: false,
      contact_email: 'ops@example.org',
      state: 'active',
      consecutive_failures: 0,
      signed: true,
      version: 1,
      created_by: 'test-responder',
      created_at: api.clock.iso(),
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret!.slice('whsec_'.length), 'base64')).toHaveLength(32);
    const gotText = await got.text();
    const listedText = await listed.text();
    for (const text of [gotText, listedText]) {
      expect(text).not.toContain(created.secret);
      expect(text).not.toContain('whsec_');
      expect(text).not.toMatch(/"secrets?":/);
    }
    expect(WebhookSchema.parse(JSON.parse(gotText))).toMatchObject({ id: created.id, state: 'active' });
    expect(WebhookSchema.array().parse(JSON.parse(listedText)).map((w) => w.id)).toContain(created.id);
    // the stored secret is the one shown
    expect((await api.deps.store.channelEndpoints.get(created.id))?.secrets.map((s) => s.secret)).toEqual([created.secret]);
  });

  it('adds Slack and Teams endpoints (no secret) and an internal one', async () => {
    const slack = await aWebhook({ kind: 'slack', url: SLACK_URL, internal: true });
    const teams = await aWebhook({ kind: 'teams', url: TEAMS_URL });
    expect(slack).toMatchObject({ kind: 'slack', internal: true, signed: false, secret: null });
    expect(teams).toMatchObject({ kind: 'teams', internal: false, signed: false, secret: null });
    expect((await read(slack.id)).url).toBe(SLACK_URL);
  });

  it('replays a create with the same Idempotency-Key: one endpoint, the same answer', async () => {
    // Prepare
    const send = () => api.request('POST', '/v1/webhooks', { url: 'https://hooks.example.com/idem' }, { 'idempotency-key': 'webhook-idem-1' });
    // Act
    const first = WebhookWithSecretSchema.parse(await (await send()).json());
    const again = await send();
    // Assess
    expect(again.status).toBe(201);
    expect(WebhookWithSecretSchema.parse(await again.json())).toEqual(first);
    const all = WebhookSchema.array().parse(await (await api.request('GET', '/v1/webhooks')).json());
    expect(all.filter((w) => w.url === 'https://hooks.example.com/idem')).toHaveLength(1);
  });

  it('changes the URL, components, contact and audience with If-Match; a stale version is 412', async () => {
    // Prepare
    const created = await aWebhook();
    // Act
    const changed = await api.request(
      'PATCH',
      `/v1/webhooks/${created.id}`,
      { url: 'https://hooks.example.com/v2', contact_email: null, internal: true, components: [] },
      { 'if-match': '"1"' },
    );
    const stale = await api.request('PATCH', `/v1/webhooks/${created.id}`, { internal: false }, { 'if-match': '"1"' });
    // Assess
    expect(changed.status).toBe(200);
    expect(WebhookSchema.parse(await changed.json())).toMatchObject({ url: 'https://hooks.example.com/v2', contact_email: null, internal: true, version: 2 });
    await expectProblem(stale, 412);
    expect((await read(created.id)).internal).toBe(true);
    // the kind is fixed at creation
    const kind = await expectProblem(await api.request('PATCH', `/v1/webhooks/${created.id}`, { kind: 'slack' }), 400);
    expect(kind.errors?.[0]?.message).toContain('kind');
  });

  it('deletes an endpoint (204), then it is 404', async () => {
    const created = await aWebhook();
    expect((await api.request('DELETE', `/v1/webhooks/${created.id}`)).status).toBe(204);
    await expectProblem(await api.request('GET', `/v1/webhooks/${created.id}`), 404);
    await expectProblem(await api.request('DELETE', `/v1/webhooks/${created.id}`), 404);
    await expectProblem(await api.request('PATCH', `/v1/webhooks/${created.id}`, { internal: true }), 404);
  });
});

describe('/v1/webhooks: refused URLs name the reason', () => {
  it.each([
    ['plain http', { url: 'http://hooks.example.com/h' }, 'not_https'],
    ['credentials', { url: 'https://user:secret@hooks.example.com/h' }, 'credentials'],
    ['more than 2,000 characters', { url: `https://hooks.example.com/${'a'.repeat(1990)}` }, 'too_long'],
    ['the metadata address', { url: 'https://169.254.169.254/latest/meta-data/' }, 'forbidden_address'],
    ['an IPv4-mapped loopback', { url: 'https://[::ffff:127.0.0.1]:8080/h' }, 'forbidden_address'],
    ['an IPv6 ULA', { url: 'https://[fd00::1]/h' }, 'forbidden_address'],
    ['localhost', { url: 'https://localhost:8080/h' }, 'local_name'],
    ['a name that resolves to loopback', { url: 'https://internal.example.com/h' }, 'forbidden_address'],
    ['a name with one forbidden address among public ones', { url: 'https://rebound.example.com/h' }, 'forbidden_address'],
    ['a Slack endpoint that is not a Slack URL', { kind: 'slack', url: 'https://hooks.example.com/services/T1/B2/x' }, 'not_slack'],
    ['a Teams endpoint that is not a Workflows URL', { kind: 'teams', url: 'https://outlook.office.com/webhook/abc' }, 'not_teams'],
    ['not a URL', { url: 'hooks.example.com/h' }, 'invalid'],
  ])('refuses %s (400 naming url and why), storing nothing', async (_, body, reason) => {
    // Prepare
    const before = (await api.deps.store.channelEndpoints.list()).length;
    // Act
    const problem = await expectProblem(await api.request('POST', '/v1/webhooks', body), 400);
    // Assess
    expect(problem.errors).toEqual([{ path: 'url', message: expect.stringMatching(new RegExp(`^${reason}: `)) }]);
    expect(problem.detail).toContain(reason);
    expect((await api.deps.store.channelEndpoints.list()).length).toBe(before);
  });

  it('checks a changed URL the same way (DNS included) and keeps the endpoint as it was', async () => {
    // Prepare
    const created = await aWebhook();
    // Act
    const problem = await expectProblem(await api.request('PATCH', `/v1/webhooks/${created.id}`, { url: 'https://internal.example.com/h' }), 400);
    // Assess
    expect(problem.errors?.[0]).toMatchObject({ path: 'url', message: expect.stringContaining('resolves to 127.0.0.1') });
    expect(await read(created.id)).toMatchObject({ url: 'https://hooks.example.com/herald', version: 1 });
  });

  it('checks a changed URL against the endpoint\'s kind', async () => {
    const slack = await aWebhook({ kind: 'slack', url: SLACK_URL });
    const problem = await expectProblem(await api.request('PATCH', `/v1/webhooks/${slack.id}`, { url: 'https://hooks.example.com/h' }), 400);
    expect(problem.errors?.[0]?.message).toMatch(/^not_slack: /);
  });

  it('refuses unknown components and a bad contact address', async () => {
    const unknown = await expectProblem(await api.request('POST', '/v1/webhooks', { url: 'https://hooks.example.com/h', components: ['nope'] }), 400);
    expect(unknown.errors).toEqual([{ path: 'components', message: 'unknown component' }]);
    const email = await expectProblem(await api.request('POST', '/v1/webhooks', { url: 'https://hooks.example.com/h', contact_email: 'not-mail' }), 400);
    expect(email.errors?.[0]?.path).toBe('contact_email');
  });

  it('accepts plain http to an allowed local host only when the stack allows it', async () => {
    // Prepare: as deployed (no allowed hosts) first
    const body = { kind: 'slack', url: 'http://127.0.0.1:9/services/T01/B02/secret' };
    await expectProblem(await api.request('POST', '/v1/webhooks', body), 400);
    // Act: as the local stack runs with HERALD_ALLOW_WEBHOOK_HOSTS=127.0.0.1
    api.deps.channels = { resolveHost, allowHosts: ['127.0.0.1'], allowHttp: true };
    try {
      const res = await api.request('POST', '/v1/webhooks', body);
      // Assess
      expect(res.status).toBe(201);
      expect(WebhookWithSecretSchema.parse(await res.json())).toMatchObject({ kind: 'slack', url: body.url });
      await expectProblem(await api.request('POST', '/v1/webhooks', { url: 'http://10.0.0.1/h' }), 400);
    } finally {
      api.deps.channels = { resolveHost };
    }
  });
});

describe('/v1/webhooks: secrets and states', () => {
  it('rotates the secret: the new one shown once and signing first, the old one beside it for 24 h', async () => {
    // Prepare
    const created = await aWebhook();
    const rotatedAt = api.clock.iso();
    // Act
    const res = await api.request('POST', `/v1/webhooks/${created.id}/rotate-secret`);
    // Assess
    expect(res.status).toBe(200);
    const rotated = WebhookWithSecretSchema.parse(await res.json());
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const dayLater = new Date(Date.parse(rotatedAt) + 24 * 3600 * 1000).toISOString();
    expect(rotated).toMatchObject({ version: 2, secret_created_at: rotatedAt, previous_secret_expires_at: dayLater });
    const stored = (await api.deps.store.channelEndpoints.get(created.id))!;
    expect(signingSecrets(stored, rotatedAt)).toEqual([rotated.secret, created.secret]);
    expect(signingSecrets(stored, dayLater)).toEqual([rotated.secret]);
    expect(await (await api.request('GET', `/v1/webhooks/${created.id}`)).text()).not.toContain('whsec_');
  });

  it('has no secret to rotate on Slack or Teams (409)', async () => {
    const slack = await aWebhook({ kind: 'slack', url: SLACK_URL });
    await expectProblem(await api.request('POST', `/v1/webhooks/${slack.id}/rotate-secret`), 409);
    await expectProblem(await api.request('POST', '/v1/webhooks/nothing-here/rotate-secret'), 404);
  });

  it('reactivates a quarantined endpoint (failures reset) and a disabled one; a pending one is 409', async () => {
    // Prepare: the delivery worker quarantined one, and a 410 disabled another
    const quarantined = await aWebhook();
    const disabled = await aWebhook();
    const pending = await aWebhook();
    for (const [id, state, reason] of [
      [quarantined.id, 'quarantined', '10 failed attempts'],
      [disabled.id, 'disabled', '410 Gone'],
      [pending.id, 'pending', null],
    ] as const) {
      const current = (await api.deps.store.channelEndpoints.get(id))!;
      await api.deps.store.channelEndpoints.save({ ...current, state, state_reason: reason, consecutive_failures: 10, version: 2 }, 1);
    }
    expect(await read(quarantined.id)).toMatchObject({ state: 'quarantined', state_reason: '10 failed attempts', consecutive_failures: 10 });
    // Act
    const res = await api.request('POST', `/v1/webhooks/${quarantined.id}/reactivate`, undefined, { 'if-match': '2' });
    const again = await api.request('POST', `/v1/webhooks/${disabled.id}/reactivate`);
    // Assess
    expect(res.status).toBe(200);
    expect(WebhookSchema.parse(await res.json())).toMatchObject({ state: 'active', state_reason: null, consecutive_failures: 0, version: 3 });
    expect(WebhookSchema.parse(await again.json())).toMatchObject({ state: 'active', consecutive_failures: 0 });
    await expectProblem(await api.request('POST', `/v1/webhooks/${pending.id}/reactivate`), 409);
    await expectProblem(await api.request('POST', `/v1/webhooks/${quarantined.id}/reactivate`, undefined, { 'if-match': '2' }), 412);
    // an active endpoint stays as it is
    expect(WebhookSchema.parse(await (await api.request('POST', `/v1/webhooks/${quarantined.id}/reactivate`)).json()).version).toBe(3);
  });
});

describe('/v1/webhooks: scopes and OpenAPI', () => {
  it('lets a read-only key read but not change (403); an incidents key may add', async () => {
    // Prepare
    const created = await aWebhook();
    const reader = authorizedRequester(api.app, (await createApiKey(api.deps, 'webhooks-reader', { scopes: ['read'] })).key);
    const responder = authorizedRequester(api.app, (await createApiKey(api.deps, 'webhooks-responder', { scopes: ['incidents'] })).key);
    // Act / Assess
    expect((await reader('GET', '/v1/webhooks')).status).toBe(200);
    expect((await reader('GET', `/v1/webhooks/${created.id}`)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/v1/webhooks', { url: 'https://hooks.example.com/r' }],
      ['PATCH', `/v1/webhooks/${created.id}`, { internal: true }],
      ['DELETE', `/v1/webhooks/${created.id}`, undefined],
      ['POST', `/v1/webhooks/${created.id}/rotate-secret`, undefined],
      ['POST', `/v1/webhooks/${created.id}/reactivate`, undefined],
    ] as const) {
      const problem = await expectProblem(await reader(method, path, body), 403);
      expect(problem.detail).toContain('incidents');
    }
    expect((await responder('POST', '/v1/webhooks', { url: 'https://hooks.example.com/r' })).status).toBe(201);
    expect(await read(created.id)).toMatchObject({ version: 1, internal: false });
  });

  it('documents every route with its scope, and no secret outside create and rotate', async () => {
    // Act
    const doc = (await (await api.app.request('/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>>; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    // Assess
    const routes = {
      '/v1/webhooks': ['get', 'post'],
      '/v1/webhooks/{id}': ['get', 'patch', 'delete'],
      '/v1/webhooks/{id}/rotate-secret': ['post'],
      '/v1/webhooks/{id}/reactivate': ['post'],
    };
    for (const [path, methods] of Object.entries(routes)) {
      for (const method of methods) {
        expect(doc.paths[path]?.[method]?.security).toEqual([{ bearer: [method === 'get' ? 'read' : 'incidents'] }]);
      }
    }
    expect(doc.components.schemas.Webhook?.properties).not.toHaveProperty('secret');
    expect(JSON.stringify(doc.components.schemas.WebhookWithSecret)).toContain('"secret":{');
    const secretBearing = Object.entries(routes).flatMap(([path, methods]) =>
      methods.filter((m) =>
        Object.values(doc.paths[path]![m]!.responses).some((r) => r.content?.['application/json']?.schema.$ref?.endsWith('/WebhookWithSecret')),
      ).map((m) => `${m} ${path}`),
    );
    expect(secretBearing.sort()).toEqual(['post /v1/webhooks', 'post /v1/webhooks/{id}/rotate-secret']);
  });
});
