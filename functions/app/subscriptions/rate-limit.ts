// Limits on the public subscription routes (herald.config.json subscriptions): a per-client budget
// (rate_limit) and one global budget of confirmation mails per hour (confirmations_per_hour), so
// that many addresses together still cannot mail-bomb third parties and burn the sender's
// reputation. Both are fixed-window counters in the table (one atomic ADD per request), so that
// every API instance counts against the same budget.
import { HeraldError } from '#core/errors';
import type { AppDeps } from '../deps';

export type RateLimitOutcome = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The counter every confirmation request of an hour adds to, whoever sends it. */
export const CONFIRMATIONS_COUNTER = 'confirmation-mails';
const HOUR_SECONDS = 3600;

/** The hour's confirmation mails are used up (429 until the hour ends). */
export class ConfirmationCapError extends HeraldError {
  override readonly code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many subscription requests this hour; try again in ${retryAfterSeconds} s.`);
  }
}

export async function checkRateLimit(deps: AppDeps, scope: string, client: string, now: string): Promise<RateLimitOutcome> {
  const { requests, window_seconds: window } = deps.config.subscriptions.rate_limit;
  return countInWindow(deps, `${scope}:${client}`, requests, window, now);
}

/** Counts one confirmation mail against the hour's global budget. */
export function checkConfirmationCap(deps: AppDeps, now: string): Promise<RateLimitOutcome> {
  return countInWindow(deps, CONFIRMATIONS_COUNTER, deps.config.subscriptions.confirmations_per_hour, HOUR_SECONDS, now);
}

/** One hit on a fixed-window counter shared by every instance; over `limit`, how long until the window ends. */
export async function countInWindow(deps: AppDeps, counter: string, limit: number, window: number, now: string): Promise<RateLimitOutcome> {
  const nowSeconds = Date.parse(now) / 1000;
  const windowStart = Math.floor(nowSeconds / window) * window;
  const count = await deps.store.rateLimits.hit(counter, windowStart, windowStart + window + 60);
  if (count <= limit) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(windowStart + window - nowSeconds)) };
}
