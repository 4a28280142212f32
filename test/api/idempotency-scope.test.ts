// Who an Idempotency-Key belongs to: the API key's id (not its holder's name), and on public
// routes the verified client address (not a header the client writes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyId, hashApiKey } from '#app/api-keys/api-key-secrets';
import { createApiKey } from '#app/api-keys/create-api-key';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { createApp } from '#api/app';
import { IncidentSchema } from '#api/schemas';
import { authorizedRequester, createTestApi, type TestApi } from '../support/api';

const ORIGIN_SECRET = 'idempotency-scope-origin-secret';

let api: TestApi;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  api = await createTestApi();
  app = createApp(api.deps, {
    tokens: createSubscriptionTokens(async () => 'idempotency-scope-token-secret-0123456789'),
    originSecret: async () => ({ current: ORIGIN_SECRET, previous: null }),
  });
});
afterAll(() => api.drop());

describe('Idempotency-Key scope', () => {
  it('does not replay one key\u2019s answer to another key with the same holder name', async () => {
    // Prepare: two keys, both named "alice"
    const first = authorizedRequester(app, (await createApiKey(api.deps, 'alice')).key);
    const second = authorizedRequester(app, (await createApiKey(api.deps, 'alice')).key);
    const headers = { 'idempotency-key': 'same-key-1' };

    // Act: the same key and the same body from each
    const declaration = { title: 'Checkout is slow', severity: 'SEV3', message: 'Looking into it.' };
    const a = await first('POST', '/v1/incidents', declaration, headers);
    const b = await second('POST', '/v1/incidents', declaration, headers);
    const again = await first('POST', '/v1/incidents', declaration, headers);

    // Assess: two incidents; only the first key's own retry is a replay
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    const [ia, ib] = [IncidentSchema.parse(await a.json()), IncidentSchema.parse(await b.json())];
    expect(ia.id).not.toBe(ib.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(IncidentSchema.parse(await again.json()).id).toBe(ia.id);
  });

  it('remembers a key by the key\u2019s id, for 24 h by the app\u2019s clock', async () => {
    api.setNow('2026-11-27T08:30:00.000Z');
    const { key } = await createApiKey(api.deps, 'bob');
    const res = await authorizedRequester(app, key)('POST', '/v1/components', { name: 'Clocked' }, { 'idempotency-key': 'clocked-1' });
    expect(res.status).toBe(201);

    const record = await api.deps.store.idempotency.find(`key:${apiKeyId(hashApiKey(key))}`, 'clocked-1');
    expect(record?.expiresAt).toBe(Date.parse('2026-11-28T08:30:00.000Z') / 1000);
  });

  const subscribeFrom = (viewer: string, forwardedFor: string) =>
    app.request(
      '/v1/subscriptions',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': 'public-1',
          'cloudfront-viewer-address': viewer,
          'x-herald-origin-verify': ORIGIN_SECRET,
          'x-forwarded-for': forwardedFor,
        },
        body: JSON.stringify({ email: 'scope@example.org' }),
      },
      { event: { requestContext: { http: { sourceIp: '130.176.0.9' } } } },
    );

  it('scopes a public key by the verified client address, not by X-Forwarded-For', async () => {
    // Act: one viewer behind two different X-Forwarded-For values; then another viewer with the first value
    const first = await subscribeFrom('203.0.113.40:1000', '192.0.2.1');
    const sameViewer = await subscribeFrom('203.0.113.40:2000', '192.0.2.2');
    const otherViewer = await subscribeFrom('203.0.113.41:1000', '192.0.2.1');

    // Assess
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(sameViewer.status).toBe(202);
    expect(sameViewer.headers.get('idempotent-replayed')).toBe('true');
    expect(otherViewer.status).toBe(202);
    expect(otherViewer.headers.get('idempotent-replayed')).toBeNull();
  });
});
