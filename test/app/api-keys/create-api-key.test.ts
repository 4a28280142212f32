// Creating and listing keys with scopes and an owner, on DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintApiKey } from '#app/api-keys/api-key-secrets';
import { createApiKey, registerApiKey } from '#app/api-keys/create-api-key';
import { listApiKeys } from '#app/api-keys/list-api-keys';
import { createAppDeps, type AppDeps } from '#app/deps';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { parseConfig } from '#config/config';
import { ValidationError } from '#core/errors';
import rawConfig from '../../../herald.config.json' with { type: 'json' };
import { testClock } from '../../support/clock';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { localAws } from '../../support/local-aws';

let table: TestTable;
let deps: AppDeps;
const clock = testClock();
beforeAll(async () => {
  table = await createTestTable();
  const doc = createDocumentClient({ endpoint: table.endpoint, region: localAws.region, credentials: localAws.credentials });
  deps = createAppDeps(createDynamoStore({ doc, tableName: table.tableName }), parseConfig(rawConfig), () => clock.iso());
});
afterAll(() => table.drop());

const listed = async (prefix: string) => (await listApiKeys(deps)).find((key) => key.prefix === prefix);

describe('createApiKey', () => {
  it('stores the scopes and owner it was given, and answers them with the key', async () => {
    const created = await createApiKey(deps, 'ops-bot', { scopes: ['incidents', 'read'], owner: ' ana@example.org ' });

    expect(created).toMatchObject({ name: 'ops-bot', scopes: ['incidents', 'read'], owner: 'ana@example.org' });
    expect(await listed(created.prefix)).toEqual({
      prefix: created.prefix,
      name: 'ops-bot',
      owner: 'ana@example.org',
      scopes: ['incidents', 'read'],
      scoped: true,
      created_at: clock.iso(),
      revoked_at: null,
      last_used_at: null,
    });
  });

  it('gives a key created without scopes the admin scope, explicitly', async () => {
    const created = await createApiKey(deps, 'everything');

    expect(await listed(created.prefix)).toMatchObject({ scopes: ['admin'], scoped: true, owner: null });
  });

  it('refuses a key with no scope at all', async () => {
    await expect(createApiKey(deps, 'nothing', { scopes: [] })).rejects.toBeInstanceOf(ValidationError);
  });

  it('registers the local stack\u2019s chosen key with the admin scope', async () => {
    const { key, prefix } = mintApiKey();
    await registerApiKey(deps, key, 'local');

    expect(await listed(prefix.slice(0, 9))).toMatchObject({ name: 'local', scopes: ['admin'], scoped: true });
  });
});

describe('listApiKeys', () => {
  it('lists a key stored before scopes existed as holding every scope, unscoped', async () => {
    const { hash, prefix } = mintApiKey();
    await deps.store.apiKeys.create({ hash, prefix, name: 'from-before', created_at: clock.iso(), revoked_at: null });

    expect(await listed(prefix)).toMatchObject({ name: 'from-before', scopes: ['read', 'incidents', 'subscribers', 'admin'], scoped: false, owner: null });
  });
});
