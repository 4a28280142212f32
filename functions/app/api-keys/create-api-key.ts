import type { AppDeps } from '../deps';
import { hashApiKey, mintApiKey } from './api-key-secrets';

/** Mints a key for a responder; the plain key is returned once and never stored. */
export async function createApiKey(deps: AppDeps, name: string): Promise<{ key: string; prefix: string; name: string }> {
  const { key, hash, prefix } = mintApiKey();
  await deps.store.apiKeys.create({ hash, prefix, name, created_at: deps.now(), revoked_at: null });
  return { key, prefix, name };
}

/** Registers a key chosen elsewhere (HERALD_API_KEY in the local stack), if it isn't already. */
export async function registerApiKey(deps: AppDeps, key: string, name: string): Promise<void> {
  const hash = hashApiKey(key);
  if (await deps.store.apiKeys.findByHash(hash)) return;
  await deps.store.apiKeys.create({ hash, prefix: key.slice(0, 9), name, created_at: deps.now(), revoked_at: null });
}
