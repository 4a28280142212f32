// 404 or 405: a path that some route serves with other methods is 405 with an Allow header.
import type { Context } from 'hono';
import { problem, problemResponse } from './problem';

export interface RouteSignature {
  method: string;
  /** OpenAPI style: /v1/incidents/{id} */
  path: string;
}

export function notFoundOrMethodNotAllowed(routes: () => RouteSignature[]) {
  let compiled: Array<{ method: string; pattern: RegExp }> | undefined;
  return (c: Context): Response => {
    compiled ??= routes().map((r) => ({
      method: r.method.toUpperCase(),
      pattern: new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    }));
    const allowed = [...new Set(compiled.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method))];
    if (allowed.length > 0) {
      if (allowed.includes('GET')) allowed.push('HEAD');
      return problemResponse(problem(405, `${c.req.method} is not allowed here; use ${allowed.join(', ')}.`), {
        allow: allowed.join(', '),
      });
    }
    return problemResponse(problem(404, `Nothing at ${c.req.path}.`));
  };
}
