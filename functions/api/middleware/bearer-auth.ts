import { createMiddleware } from 'hono/factory';
import type { Authenticator } from '#app/api-keys/authenticate';
import { grantsScope, type ApiKeyScope } from '#core/api-key-scopes';
import { ForbiddenError, UnauthorizedError } from '#core/errors';
import type { ApiEnv } from '../env';
import { requiredScope as routeScope } from '../route-scopes';

export interface BearerAuthOptions {
  authenticate: Authenticator;
  /** Routes anyone may call. */
  isPublic: (method: string, path: string) => boolean;
  /** The scope a key needs for a route that is not public; by default the table in route-scopes.ts. */
  requiredScope?: (method: string, path: string) => ApiKeyScope;
}

/** Requires `Authorization: Bearer <api key>` on every route that is not public (401 without a
 *  valid key), and the route's scope (403 naming the scope the key lacks). */
export function bearerAuth({ authenticate: lookUp, isPublic, requiredScope = routeScope }: BearerAuthOptions) {
  const authenticate = oneLookupAtATime(lookUp);
  return createMiddleware<ApiEnv>(async function bearerAuth(c, next) {
    c.set('actor', null);
    c.set('keyId', null);
    if (isPublic(c.req.method, c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new UnauthorizedError('This route needs an API key: Authorization: Bearer <key>.');
    const holder = await authenticate(match[1]!);
    if (!holder) throw new UnauthorizedError('The API key is not valid.');
    const needed = requiredScope(c.req.method, c.req.path);
    if (!grantsScope(holder.scopes, needed)) throw new ForbiddenError(`This API key lacks the '${needed}' scope.`);
    c.set('actor', holder.name);
    c.set('keyId', holder.id);
    return next();
  });
}

/**
 * Requests that present a key while a lookup of that key is under way share its answer instead of
 * each reading the table (when the authenticator's cache expires under load, every request in
 * flight missed it at once: bench:api saw 50 reads in one burst). Nothing is kept once the lookup
 * ends, so a revocation is honoured exactly as the authenticator honours it.
 */
function oneLookupAtATime(authenticate: Authenticator): Authenticator {
  const pending = new Map<string, ReturnType<Authenticator>>();
  return (presentedKey) => {
    const underway = pending.get(presentedKey);
    if (underway) return underway;
    const lookup = authenticate(presentedKey).finally(() => pending.delete(presentedKey));
    pending.set(presentedKey, lookup);
    return lookup;
  };
}
