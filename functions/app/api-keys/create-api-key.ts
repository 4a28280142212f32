import { API_KEY_SCOPES, isApiKeyScope, type ApiKeyScope } from '#core/api-key-scopes';
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
  name = name.trim();
  if (name === '' || name.length > 100) {
    throw new ValidationError('An API key needs a name of 1 to 100 characters.', [{ path: 'name', message: name === '' ? 'Give the key a name.' : 'At most 100 characters.' }]);
  }
  const requested: readonly string[] = options.scopes ?? ['admin'];
  if (requested.length === 0) throw new ValidationError('An API key needs at least one scope.', [{ path: 'scopes', message: 'Choose at least one scope.' }]);
  const unknown = requested.filter((scope) => !isApiKeyScope(scope));
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown scope ${unknown.join(', ')}; scopes are ${API_KEY_SCOPES.join(', ')}.`, [{ path: 'scopes', message: 'unknown scope' }]);
  }
  const scopes = [...new Set(requested)] as ApiKeyScope[]; // each once
  const owner = options.owner?.trim() || null;
  const { key, hash, prefix } = mintApiKey();
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
