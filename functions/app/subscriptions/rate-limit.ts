// Per-client limits on the public subscription routes (herald.config.json subscriptions.rate_limit):
// a fixed-window counter in the table, so that every API instance counts against the same budget.
import type { AppDeps } from '../deps';

export type RateLimitOutcome = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function checkRateLimit(deps: AppDeps, scope: string, client: string, now: string): Promise<RateLimitOutcome> {
  const { requests, window_seconds: window } = deps.config.subscriptions.rate_limit;
  const nowSeconds = Date.parse(now) / 1000;
  const windowStart = Math.floor(nowSeconds / window) * window;
  const count = await deps.store.rateLimits.hit(`${scope}:${client}`, windowStart, windowStart + window + 60);
  if (count <= requests) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(windowStart + window - nowSeconds)) };
}
