import type { AppDeps } from '../deps';
import { hashApiKey, sameHash } from './api-key-secrets';

const CACHE_MS = 30_000;

export interface Authenticator {
  /** The name of the key's holder, or null when the key is unknown or revoked. */
  (presentedKey: string): Promise<string | null>;
}

/**
 * Checks presented keys against the stored hashes. Answers are cached for 30 s per process,
 * so a revoked key stops working within 30 s.
 */
export function createAuthenticator(deps: AppDeps): Authenticator {
  const cache = new Map<string, { name: string | null; until: number }>();
  return async (presentedKey) => {
    const hash = hashApiKey(presentedKey);
    const cached = cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.name;
    const stored = await deps.store.apiKeys.findByHash(hash);
    const name = stored && !stored.revoked_at && sameHash(stored.hash, hash) ? stored.name : null;
    if (cache.size > 1000) cache.clear();
    cache.set(hash, { name, until: Date.now() + CACHE_MS });
    return name;
  };
}
