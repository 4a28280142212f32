// Builds a use case's RequestContext from what the middleware learned.
import type { Context } from 'hono';
import type { RequestContext } from '#app/context';
import { ValidationError } from '#core/errors';
import type { ApiEnv } from './env';

export function requestContext(
  c: Context<ApiEnv>,
  now: string,
  respond?: (result: never) => { status: number; body: unknown },
): RequestContext {
  const claim = c.get('idempotency');
  return {
    actor: c.get('actor') ?? null,
    now,
    idempotency: claim && respond ? { ...claim, respond: respond as (result: unknown) => { status: number; body: unknown } } : undefined,
  };
}

/** `If-Match: 3`, `"3"` or `W/"3"` → 3. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw new ValidationError('If-Match must be a resource version, e.g. "3".', [{ path: 'If-Match', message: 'invalid' }]);
  return Number(match[1]);
}
