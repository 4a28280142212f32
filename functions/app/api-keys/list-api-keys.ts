import type { ApiKeyScope } from '#core/api-key-scopes';
import type { AppDeps } from '../deps';
import { scopesOf } from './authenticate';

/** A key as it may be shown: never its hash. */
export interface ApiKeySummary {
  prefix: string;
  name: string;
  owner: string | null;
  /** What the key may do. */
  scopes: readonly ApiKeyScope[];
  /** False for a key created before scopes existed: it holds every scope. */
  scoped: boolean;
  created_at: string;
  revoked_at: string | null;
  /** When it last authenticated a request (recorded at most once an hour); null: not recorded. */
  last_used_at: string | null;
}

/** Every key, oldest first, revoked ones included. */
export async function listApiKeys(deps: AppDeps): Promise<ApiKeySummary[]> {
  return (await deps.store.apiKeys.list()).map((key) => ({
    prefix: key.prefix,
    name: key.name,
    owner: key.owner ?? null,
    scopes: scopesOf(key),
    scoped: key.scopes !== undefined,
    created_at: key.created_at,
    revoked_at: key.revoked_at,
    last_used_at: key.last_used_at ?? null,
  }));
}
