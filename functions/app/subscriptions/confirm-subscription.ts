// GET /v1/subscriptions/confirm?token=: the second half of double opt-in. Idempotent: a link
// followed twice (or fetched by a mail scanner first) confirms once.
import type { RequestContext } from '../context';
import { untilSaved } from '../optimistic';
import { epochSeconds, type SubscriptionDeps } from './deps';
import type { Subscriber } from './subscriber';

export type ConfirmOutcome =
  | { result: 'confirmed' | 'already_confirmed'; subscriber: Subscriber }
  /** invalid: tampered or malformed; expired: older than a day; gone: forgotten, removed or suppressed. */
  | { result: 'invalid' }
  | { result: 'expired' }
  | { result: 'gone' };

export async function confirmSubscription(deps: SubscriptionDeps, token: string, ctx: RequestContext): Promise<ConfirmOutcome> {
  const check = await deps.tokens.verify(token, 'confirm', epochSeconds(ctx.now));
  if (!check.ok) return { result: check.reason };
  const id = check.subscriberId;
  return deps.locks.run(`subscriber:${id}`, () =>
    untilSaved<ConfirmOutcome>(async () => {
      const current = await deps.store.subscribers.get(id);
      if (!current || current.status === 'suppressed') return { outcome: 'saved', result: { result: 'gone' } };
      if (current.status === 'confirmed') return { outcome: 'saved', result: { result: 'already_confirmed', subscriber: current } };
      const next: Subscriber = { ...current, status: 'confirmed', confirmed_at: ctx.now, updated_at: ctx.now, version: current.version + 1 };
      // Saved without an expiry: a confirmed subscriber is kept until it leaves.
      const outcome = await deps.store.subscribers.save(next, current.version);
      return { outcome, result: { result: 'confirmed', subscriber: next } };
    }),
  );
}
