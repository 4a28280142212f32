import { createMiddleware } from 'hono/factory';
import { problem, problemResponse } from '../problem';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

export interface JsonOnlyOptions {
  /** Routes that also take other media types (e.g. the public subscribe form). */
  accepts?: (path: string) => string[] | null;
}

/** A request body must be JSON (415 otherwise). */
export function jsonOnly({ accepts }: JsonOnlyOptions = {}) {
  return createMiddleware(async function jsonOnly(c, next) {
    if (!WITH_BODY.has(c.req.method)) return next();
    const hasBody = c.req.header('content-length') !== '0' && (c.req.header('content-length') || c.req.header('transfer-encoding'));
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const allowed = accepts?.(c.req.path) ?? ['application/json'];
    if (!hasBody && !type) return next();
    if (!allowed.some((t) => type === t || (t === 'application/json' && /^application\/[\w.+-]*\+json$/.test(type)))) {
      return problemResponse(problem(415, `Send the body as ${allowed.join(' or ')}${type ? `, not ${type}` : ''}.`), {
        'accept-post': allowed.join(', '),
      });
    }
    return next();
  });
}
