// A POST to the console must come from the console's own pages. Browsers say where a request
// comes from (Sec-Fetch-Site, Origin); a cross-site form or fetch is refused before anything
// reads it. Signed-in forms also carry the session's CSRF token (middleware/session.ts).
import type { Context } from 'hono';

export function isCrossSite(c: Context, pageUrl: string): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin === 'null';
  const allowed = new Set([new URL(c.req.url).origin, safeOrigin(pageUrl)]);
  return !allowed.has(origin);
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
