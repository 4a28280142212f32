import { API_KEY_SCOPES, type ApiKeyScope } from '#core/api-key-scopes';
import type { AppDeps } from '../deps';
import type { Store, StoredApiKey } from '../ports/store';
import { apiKeyId, hashApiKey, sameHash } from './api-key-secrets';

/** How long an answer is reused without asking the table: a key revoked elsewhere stops working
 *  within this time; on the process that revoked it, at once (see revoke-api-key.ts). */
export const AUTH_CACHE_MS = 5_000;

/** A key's last use is written at most this often (one conditional write an hour per key). */
export const LAST_USE_INTERVAL_MS = 3_600_000;

/** Who holds a valid key: the key's stable id, the holder's name and what the key may do. */
export interface KeyHolder {
  id: string;
  name: string;
  /** The key's scopes; every scope for a key created before scopes existed. */
  scopes: readonly ApiKeyScope[];
  /** The person the key belongs to, when one was named. */
  owner: string | null;
}

/** The scopes a stored key holds: its own, or all of them when it predates scopes. */
export function scopesOf(key: Pick<StoredApiKey, 'scopes'>): readonly ApiKeyScope[] {
  return key.scopes ?? API_KEY_SCOPES;
}

export interface Authenticator {
  /** The key's holder, or null when the key is unknown or revoked. */
  (presentedKey: string): Promise<KeyHolder | null>;
}

type Cache = Map<string, { holder: KeyHolder | null; until: number }>;

// Every authenticator's cache in this process, by the store it reads, so that a revocation made
// through that store clears them all at once.
const cachesByStore = new WeakMap<Store, Set<Cache>>();

/** Forgets every cached answer of the authenticators built on this store (after a revocation). */
export function forgetCachedKeys(store: Store): void {
  for (const cache of cachesByStore.get(store) ?? []) cache.clear();
}

/**
 * Checks presented keys against the stored hashes. Answers are cached for AUTH_CACHE_MS by the
 * injected clock (deps.now).
 */
export function createAuthenticator(deps: AppDeps): Authenticator {
  const cache: Cache = new Map();
  const caches = cachesByStore.get(deps.store) ?? new Set();
  caches.add(cache);
  cachesByStore.set(deps.store, caches);
  const now = () => Date.parse(deps.now());

  return async (presentedKey) => {
    const hash = hashApiKey(presentedKey);
    const cached = cache.get(hash);
    if (cached && cached.until > now()) return cached.holder;
    const stored = await deps.store.apiKeys.findByHash(hash);
    const holder: KeyHolder | null =
      stored && !stored.revoked_at && sameHash(stored.hash, hash)
        ? { id: apiKeyId(stored.hash), name: stored.name, scopes: scopesOf(stored), owner: stored.owner ?? null }
        : null;
    if (stored && holder) await recordLastUse(deps, stored, now());
    if (cache.size > 1000) cache.clear();
    cache.set(hash, { holder, until: now() + AUTH_CACHE_MS });
    return holder;
  };
}

/** Writes the key's last use when the recorded one is an hour old or absent; the write is
 *  conditional, so racing processes write it once. A failed write never refuses the request. */
async function recordLastUse(deps: AppDeps, stored: StoredApiKey, nowMs: number): Promise<void> {
  const notAfter = nowMs - LAST_USE_INTERVAL_MS;
  if (stored.last_used_at && Date.parse(stored.last_used_at) > notAfter) return;
  try {
    await deps.store.apiKeys.recordUse(stored.hash, new Date(nowMs).toISOString(), new Date(notAfter).toISOString());
  } catch (error) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'could not record an API key’s last use', prefix: stored.prefix, error: String(error) }));
  }
}
