import type { AppDeps } from '../deps';
import { forgetCachedKeys } from './authenticate';

/**
 * Revokes the active key with this prefix. This process's authenticators forget their cached
 * answers at once; other processes stop accepting the key within AUTH_CACHE_MS.
 */
export async function revokeApiKey(deps: AppDeps, prefix: string): Promise<boolean> {
  const revoked = await deps.store.apiKeys.revoke(prefix, deps.now());
  if (revoked) forgetCachedKeys(deps.store);
  return revoked;
}
