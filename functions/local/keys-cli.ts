// `npm run keys -- create --name alice | list | revoke --prefix hk_abc123`
// Against the local stack's table by default (running or not); against AWS when TABLE_NAME is set.
import { parseArgs } from 'node:util';
import { createApiKey } from '#app/api-keys/create-api-key';
import { revokeApiKey } from '#app/api-keys/revoke-api-key';
import { createAppDeps } from '#app/deps';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { loadConfig } from '#config/config';
import { openCliResources } from './cli-resources';
import { quietSdkNodeWarning } from './quiet-sdk-warning';

quietSdkNodeWarning();

const USAGE = `usage: npm run keys -- create --name NAME | list | revoke --prefix PREFIX`;
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, prefix: { type: 'string' } },
});
const command = positionals[0];
if (!command || !['create', 'list', 'revoke'].includes(command)) {
  console.error(USAGE);
  process.exit(2);
}

const resources = await openCliResources().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});

try {
  const deps = createAppDeps(createDynamoStore(resources.table), loadConfig());
  if (command === 'create') {
    if (!values.name) throw new Error(`--name is required. ${USAGE}`);
    const { key, prefix } = await createApiKey(deps, values.name);
    console.log(`Created key ${prefix}… for ${values.name}. It is shown once; keep it safe:\n${key}`);
  } else if (command === 'list') {
    for (const k of await deps.store.apiKeys.list()) {
      console.log(`${k.prefix}…  ${k.name}  created ${k.created_at}${k.revoked_at ? `  revoked ${k.revoked_at}` : ''}`);
    }
  } else {
    if (!values.prefix) throw new Error(`--prefix is required. ${USAGE}`);
    const done = await revokeApiKey(deps, values.prefix);
    console.log(done ? `Revoked ${values.prefix}… (running APIs stop accepting it within 5 s).` : `No active key starts with ${values.prefix}.`);
    if (!done) process.exitCode = 1;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await resources.close();
}
