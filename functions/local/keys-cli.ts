// `npm run keys -- create --name alice [--scopes incidents,read] [--owner EMAIL] | list | revoke --prefix hk_abc123`
// Against the local stack's table by default (running or not); against AWS when TABLE_NAME is set.
// Wrong arguments (an unknown scope included) exit 2 before any table is opened.
import { createAppDeps } from '#app/deps';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { loadConfig } from '#config/config';
import { openCliResources } from './cli-resources';
import { parseKeysArgs, runKeysCommand } from './keys-command';
import { quietSdkNodeWarning } from './quiet-sdk-warning';

quietSdkNodeWarning();

const parsed = parseKeysArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(2);
}

const resources = await openCliResources().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});

try {
  const deps = createAppDeps(createDynamoStore(resources.table), loadConfig());
  process.exitCode = await runKeysCommand(deps, parsed.command, (line) => console.log(line));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await resources.close();
}
