// Revocation: at once on the process that revoked the key, within 5 s on every other one.
// Two processes are two stores (and authenticators) on one DynamoDB Local table, reading one
// injected clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyId, hashApiKey, mintApiKey } from '#app/api-keys/api-key-secrets';
import { AUTH_CACHE_MS, createAuthenticator } from '#app/api-keys/authenticate';
import { createApiKey } from '#app/api-keys/create-api-key';
import { revokeApiKey } from '#app/api-keys/revoke-api-key';
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
/** One process's dependencies: its own store (and so its own authenticator caches). */
const aProcess = (): AppDeps => {
  const doc = createDocumentClient({ endpoint: table.endpoint, region: localAws.region, credentials: localAws.credentials });
  return createAppDeps(createDynamoStore({ doc, tableName: table.tableName }), parseConfig(rawConfig), () => clock.iso());
};
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.drop());

describe('createAuthenticator', () => {
  it('names the holder, the key\u2019s stable id, its scopes and owner, and refuses an unknown key', async () => {
    const deps = aProcess();
    const { key } = await createApiKey(deps, 'carol', { scopes: ['incidents', 'read'], owner: 'carol@example.com' });
    const authenticate = createAuthenticator(deps);
    expect(await authenticate(key)).toEqual({
      id: apiKeyId(hashApiKey(key)),
      name: 'carol',
      scopes: ['incidents', 'read'],
      owner: 'carol@example.com',
    });
    expect(await authenticate('hk_not-a-key')).toBeNull();
  });

  it('gives a key stored before scopes existed every scope', async () => {
    const deps = aProcess();
    const { key, hash, prefix } = mintApiKey();
    await deps.store.apiKeys.create({ hash, prefix, name: 'old', created_at: clock.iso(), revoked_at: null });

    const holder = await createAuthenticator(deps)(key);

    expect(holder).toMatchObject({ name: 'old', scopes: ['read', 'incidents', 'subscribers', 'admin'], owner: null });
  });

  it('gives two keys with one name two ids', async () => {
    const deps = aProcess();
    const authenticate = createAuthenticator(deps);
    const one = await authenticate((await createApiKey(deps, 'dave')).key);
    const two = await authenticate((await createApiKey(deps, 'dave')).key);
    expect(one!.name).toBe(two!.name);
    expect(one!.id).not.toBe(two!.id);
  });

  it('stops a revoked key at once on the revoking process and within 5 s on another', async () => {
    // Prepare: two processes have both just accepted the key
    clock.set('2026-11-27T08:00:00.000Z');
    const revoking = aProcess();
    const elsewhere = aProcess();
    const { key, prefix } = await createApiKey(revoking, 'erin');
    const here = createAuthenticator(revoking);
    const there = createAuthenticator(elsewhere);
    expect(await here(key)).not.toBeNull();
    expect(await there(key)).not.toBeNull();

    // Act: revoked a second later
    clock.advance(1_000);
    expect(await revokeApiKey(revoking, prefix)).toBe(true);

    // Assess
    expect(await here(key)).toBeNull();
    clock.set(Date.parse('2026-11-27T08:00:00.000Z') + AUTH_CACHE_MS - 1);
    expect(await there(key)).not.toBeNull(); // the other process's cached answer, at most this long
    clock.set(Date.parse('2026-11-27T08:00:00.000Z') + AUTH_CACHE_MS);
    expect(await there(key)).toBeNull();
    expect(AUTH_CACHE_MS).toBeLessThanOrEqual(5_000);
  });
});
