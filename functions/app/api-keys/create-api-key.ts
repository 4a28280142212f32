import type { ApiKeyScope } from '#core/api-key-scopes';
import { ValidationError } from '#core/errors';
import type { AppDeps } from '../deps';
import { hashApiKey, mintApiKey } from './api-key-secrets';

export interface NewApiKeyOptions {
  /** What the key may do (see core/api-key-scopes.ts); default `['admin']`, every scope. */
  scopes?: readonly ApiKeyScope[];
  /** The person the key belongs to (an email, free text for now). */
  owner?: string | null;
}

export interface CreatedApiKey {
  key: string;
  prefix: string;
  name: string;
  scopes: ApiKeyScope[];
  owner: string | null;
}

/** Mints a key for a responder; the plain key is returned once and never stored. */
export async function createApiKey(deps: AppDeps, name: string, options: NewApiKeyOptions = {}): Promise<CreatedApiKey> {
  const { key, hash, prefix } = mintApiKey();
  const scopes = [...(options.scopes ?? ['admin'])];
  if (scopes.length === 0) throw new ValidationError('An API key needs at least one scope.', [{ path: 'scopes', message: 'empty' }]);
  const owner = options.owner?.trim() || null;
  await deps.store.apiKeys.create({ hash, prefix, name, created_at: deps.now(), revoked_at: null, scopes, owner });
  return { key, prefix, name, scopes, owner };
}

/** Registers a key chosen elsewhere (HERALD_API_KEY in the local stack), if it isn't already,
 *  with every scope. A key registered before scopes existed keeps every scope too. */
export async function registerApiKey(deps: AppDeps, key: string, name: string): Promise<void> {
  const hash = hashApiKey(key);
  if (await deps.store.apiKeys.findByHash(hash)) return;
  await deps.store.apiKeys.create({ hash, prefix: key.slice(0, 9), name, created_at: deps.now(), revoked_at: null, scopes: ['admin'], owner: null });
}
