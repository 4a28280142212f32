// `npm run keys`: its arguments and what it prints, apart from the process around it
// (keys-cli.ts), so that both can be tested without a shell.
import { parseArgs } from 'node:util';
import { createApiKey } from '#app/api-keys/create-api-key';
import { listApiKeys, type ApiKeySummary } from '#app/api-keys/list-api-keys';
import { revokeApiKey } from '#app/api-keys/revoke-api-key';
import type { AppDeps } from '#app/deps';
import { API_KEY_SCOPES, parseScopes, type ApiKeyScope } from '#core/api-key-scopes';

export const KEYS_USAGE = [
  'usage: npm run keys -- create --name NAME [--scopes SCOPE,…] [--owner EMAIL]',
  '       npm run keys -- list',
  '       npm run keys -- revoke --prefix PREFIX',
  `scopes: ${API_KEY_SCOPES.join(', ')} (admin implies every scope; default admin)`,
].join('\n');

export type KeysCommand =
  | { command: 'create'; name: string; scopes: ApiKeyScope[] | undefined; owner: string | null }
  | { command: 'list' }
  | { command: 'revoke'; prefix: string };

/** A command, or what is wrong with the arguments (a usage error: exit code 2). */
export type ParsedKeysArgs = { ok: true; command: KeysCommand } | { ok: false; error: string };

const usageError = (error: string): ParsedKeysArgs => ({ ok: false, error: `${error}\n${KEYS_USAGE}` });

export function parseKeysArgs(args: string[]): ParsedKeysArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { name: { type: 'string' }, prefix: { type: 'string' }, scopes: { type: 'string' }, owner: { type: 'string' } },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [command, ...extra] = positionals;
  if (extra.length > 0) return usageError(`Unexpected ${extra.join(' ')}.`);
  if (command === 'create') {
    if (!values.name?.trim()) return usageError('--name is required.');
    if (values.owner !== undefined && !values.owner.trim()) return usageError('--owner needs a value.');
    let scopes: ApiKeyScope[] | undefined;
    if (values.scopes !== undefined) {
      const result = parseScopes(values.scopes);
      if (!result.ok) return usageError(result.error);
      scopes = result.scopes;
    }
    return { ok: true, command: { command, name: values.name.trim(), scopes, owner: values.owner?.trim() ?? null } };
  }
  if (command === 'list') return { ok: true, command: { command } };
  if (command === 'revoke') {
    if (!values.prefix) return usageError('--prefix is required.');
    return { ok: true, command: { command, prefix: values.prefix } };
  }
  return usageError(command ? `Unknown command ${command}.` : 'Name a command.');
}

/** A key's scopes as `keys list` shows them. */
export function describeScopes(key: Pick<ApiKeySummary, 'scopes' | 'scoped'>): string {
  return key.scoped ? key.scopes.join(',') : 'all (created before scopes)';
}

/** One line of `keys list`. */
export function describeKey(key: ApiKeySummary): string {
  return [
    `${key.prefix}…`,
    key.name,
    `scopes ${describeScopes(key)}`,
    ...(key.owner ? [`owner ${key.owner}`] : []),
    `created ${key.created_at}`,
    ...(key.last_used_at ? [`last used ${key.last_used_at}`] : []),
    ...(key.revoked_at ? [`revoked ${key.revoked_at}`] : []),
  ].join('  ');
}

/** Runs a parsed command; returns the exit code. The created key is the last line printed. */
export async function runKeysCommand(deps: AppDeps, command: KeysCommand, print: (line: string) => void): Promise<number> {
  if (command.command === 'create') {
    const created = await createApiKey(deps, command.name, { scopes: command.scopes, owner: command.owner });
    const owner = created.owner ? ` (owner ${created.owner})` : '';
    print(`Created key ${created.prefix}… for ${created.name}${owner} with scopes ${created.scopes.join(',')}. It is shown once; keep it safe:`);
    print(created.key);
    return 0;
  }
  if (command.command === 'list') {
    for (const key of await listApiKeys(deps)) print(describeKey(key));
    return 0;
  }
  const done = await revokeApiKey(deps, command.prefix);
  print(done ? `Revoked ${command.prefix}… (running APIs stop accepting it within 5 s).` : `No active key starts with ${command.prefix}.`);
  return done ? 0 : 1;
}
