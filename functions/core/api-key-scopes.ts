// What an API key may do. Every authenticated /v1 route needs exactly one scope (the table is
// api/route-scopes.ts). Scopes are explicit: `admin` implies every other scope, and nothing else
// implies anything (an `incidents` key cannot read unless it also has `read`).

export const API_KEY_SCOPES = ['read', 'incidents', 'subscribers', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What each scope allows, for usage messages and documentation. */
export const SCOPE_MEANINGS: Record<ApiKeyScope, string> = {
  read: 'read incidents, maintenance, components, metrics, timelines, postmortems and templates',
  incidents: 'declare and update incidents, maintenance and postmortems',
  subscribers: 'list, import, export and remove subscribers',
  admin: 'everything, components, templates and people included',
};

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** Whether a key holding `held` may use a route that needs `needed`. */
export function grantsScope(held: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  return held.includes('admin') || held.includes(needed);
}

export type ParsedScopes = { ok: true; scopes: ApiKeyScope[] } | { ok: false; error: string };

/** Parses a comma-separated list ("incidents,read"): each scope once, in API_KEY_SCOPES order. */
export function parseScopes(text: string): ParsedScopes {
  const words = text
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '');
  const unknown = words.filter((word) => !isApiKeyScope(word));
  if (unknown.length > 0) {
    return { ok: false, error: `Unknown scope ${unknown.map((word) => `'${word}'`).join(', ')}; scopes are ${API_KEY_SCOPES.join(', ')}.` };
  }
  if (words.length === 0) return { ok: false, error: `Name at least one scope: ${API_KEY_SCOPES.join(', ')}.` };
  return { ok: true, scopes: API_KEY_SCOPES.filter((scope) => words.includes(scope)) };
}
