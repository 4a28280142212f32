// The bearer middleware shares one key lookup among the requests that present the key while it is
// under way (issue 14 §4: a burst of 50 reads whenever the authenticator's cache expired under
// load), and keeps nothing after it: a revoked key is refused at once on the process that revoked
// it and, on another process, once its cached answer is AUTH_CACHE_MS old.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { createApp } from '#api/app';
import { AUTH_CACHE_MS } from '#app/api-keys/authenticate';
import { createApiKey } from '#app/api-keys/create-api-key';
import { createAppDeps } from '#app/deps';
import { authorizedRequester, createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const as = (key: string) => authorizedRequester(api.app, key);

/** Counts the store's key lookups (wrapped in place; the authenticator looks the method up per call). */
async function countingLookups<T>(work: () => Promise<T>): Promise<{ result: T; lookups: number }> {
  const { findByHash } = api.deps.store.apiKeys;
  let lookups = 0;
  api.deps.store.apiKeys.findByHash = (hash) => (lookups++, findByHash(hash));
  try {
    return { result: await work(), lookups };
  } finally {
    api.deps.store.apiKeys.findByHash = findByHash;
  }
}

describe('bearer auth under concurrent requests', () => {
  it('reads a key once for 20 requests that present it at the same time, and answers each', async () => {
    api.setNow('2026-12-03T09:00:00.000Z');
    const { key } = await createApiKey(api.deps, 'burst', { scopes: ['read'] });
    const { result, lookups } = await countingLookups(() => Promise.all(Array.from({ length: 20 }, () => as(key)('GET', '/v1/components'))));
    expect(result.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(lookups).toBe(1);
  });

  it('refuses a key revoked on this process at once, every request of a burst', async () => {
    api.setNow('2026-12-03T10:00:00.000Z');
    const { key, prefix } = await createApiKey(api.deps, 'revoked here', { scopes: ['read'] });
    expect((await as(key)('GET', '/v1/components')).status).toBe(200);
    expect((await api.request('DELETE', `/v1/api-keys/${prefix}`)).status).toBe(204);
    const burst = await Promise.all(Array.from({ length: 10 }, () => as(key)('GET', '/v1/components')));
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(401));
  });

  it(`refuses a key revoked by another process once its answer is ${AUTH_CACHE_MS} ms old, not before`, async () => {
    api.setNow('2026-12-03T11:00:00.000Z');
    const { key, prefix } = await createApiKey(api.deps, 'revoked elsewhere', { scopes: ['read'] });
    expect((await as(key)('GET', '/v1/components')).status).toBe(200); // cached from now on
    const elsewhere = createAppDeps(createDynamoStore(api.table), api.deps.config, () => api.clock.iso());
    expect((await authorizedRequester(createApp(elsewhere), api.key)('DELETE', `/v1/api-keys/${prefix}`)).status).toBe(204);

    api.setNow(new Date(Date.parse('2026-12-03T11:00:00.000Z') + AUTH_CACHE_MS - 1).toISOString());
    expect((await as(key)('GET', '/v1/components')).status).toBe(200); // within the documented bound
    api.setNow(new Date(Date.parse('2026-12-03T11:00:00.000Z') + AUTH_CACHE_MS).toISOString());
    const burst = await Promise.all(Array.from({ length: 10 }, () => as(key)('GET', '/v1/components')));
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(401));
  });
});
