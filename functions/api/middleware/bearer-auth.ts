import { createMiddleware } from 'hono/factory';
import type { Authenticator } from '#app/api-keys/authenticate';
import { UnauthorizedError } from '#core/errors';
import type { ApiEnv } from '../env';

export interface BearerAuthOptions {
  authenticate: Authenticator;
  /** Routes anyone may call. */
  isPublic: (method: string, path: string) => boolean;
}

/** Requires `Authorization: Bearer <api key>` on every route that is not public. */
export function bearerAuth({ authenticate, isPublic }: BearerAuthOptions) {
  return createMiddleware<ApiEnv>(async function bearerAuth(c, next) {
    c.set('actor', null);
    c.set('keyId', null);
    if (isPublic(c.req.method, c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new UnauthorizedError('This route needs an API key: Authorization: Bearer <key>.');
    const holder = await authenticate(match[1]!);
    if (!holder) throw new UnauthorizedError('The API key is not valid.');
    c.set('actor', holder.name);
    c.set('keyId', holder.id);
    return next();
  });
}
