// An API key's last use: written by the authenticator at most once an hour per key, whichever
// process sees it first (a conditional write), and never a reason to refuse a request.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthenticator, LAST_USE_INTERVAL_MS } from '#app/api-keys/authenticate';
import { createApiKey } from '#app/api-keys/create-api-key';
import { hashApiKey } from '#app/api-keys/api-key-secrets';
import { createAppDeps, type AppDeps } from '#app/deps';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { parseConfig } from '#config/config';
import rawConfig from '../../../herald.config.json' with { type: 'json' };
import { testClock } from '../../support/clock';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { localAws } from '../../support/local-aws';

let table: TestTable;
const clock = testClock();
const aProcess = (): AppDeps => {
  const doc = createDocumentClient({ endpoint: table.endpoint, region: localAws.region, credentials: localAws.credentials });
  return createAppDeps(createDynamoStore({ doc, tableName: table.tableName }), parseConfig(rawConfig), () => clock.iso());
};
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.drop());

describe('last use', () => {
  it('is written once an hour however many processes see the key', async () => {
    const [one, two] = [aProcess(), aProcess()];
    const { key } = await createApiKey(one, 'busy', { scopes: ['read'] });
    const hash = hashApiKey(key);
    const writes = [vi.spyOn(one.store.apiKeys, 'recordUse'), vi.spyOn(two.store.apiKeys, 'recordUse')];
    const [a, b] = [createAuthenticator(one), createAuthenticator(two)];

    const first = clock.iso();
    await Promise.all([a(key), b(key)]);
    const results = await Promise.all(writes.flatMap((w) => w.mock.results.map((r) => r.value as Promise<boolean>)));
    expect(results.filter(Boolean)).toEqual([true]); // both may try; one lands
    expect((await one.store.apiKeys.findByHash(hash))!.last_used_at).toBe(first);

    clock.advance(LAST_USE_INTERVAL_MS - 60_000);
    for (const w of writes) w.mockClear();
    await Promise.all([a(key), b(key)]);
    expect(writes.every((w) => w.mock.calls.length === 0)).toBe(true); // within the hour: not even tried

    clock.advance(60_001);
    await a(key);
    expect((await one.store.apiKeys.findByHash(hash))!.last_used_at).toBe(clock.iso());
  });

  it('does not refuse the request when the write fails, and is not written for an unknown or revoked key', async () => {
    const deps = aProcess();
    const { key } = await createApiKey(deps, 'flaky', { scopes: ['read'] });
    const failing = vi.spyOn(deps.store.apiKeys, 'recordUse').mockRejectedValue(new Error('throttled'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await createAuthenticator(deps)(key)).toMatchObject({ name: 'flaky' });
    expect(failing).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    failing.mockClear();
    expect(await createAuthenticator(deps)('hk_unknown')).toBeNull();
    expect(failing).not.toHaveBeenCalled();
  });
});
