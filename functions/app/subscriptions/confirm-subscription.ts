// The second half of double opt-in. GET /v1/subscriptions/confirm only looks (checkConfirmation:
// mail scanners fetch every link, so following one must change nothing); POST confirms
// (confirmSubscription). Idempotent: a second POST confirms once. Confirming is the person's own
// opt-in, so it also clears a record that the address once left (imports respect that record).
import type { RequestContext } from '../context';
import { untilSaved } from '../optimistic';
import { epochSeconds, type SubscriptionDeps } from './deps';
import { CONFIRM_TOKEN_HOURS, type Subscriber } from './subscriber';

/** A link mailed before the subscriber was made again (it left, or was forgotten, in between)
 *  does not confirm the new one: only a link asked for since does. */
const olderThan = (subscriber: Subscriber, expiresAt: number) =>
  expiresAt - CONFIRM_TOKEN_HOURS * 3600 < epochSeconds(subscriber.created_at);

export type ConfirmOutcome =
  | { result: 'confirmed' | 'already_confirmed'; subscriber: Subscriber }
  /** invalid: tampered or malformed; expired: older than a day; gone: forgotten, removed or suppressed. */
  | { result: 'invalid' }
  | { result: 'expired' }
  | { result: 'gone' };

export type ConfirmCheck = { result: 'pending' | 'already_confirmed'; subscriber: Subscriber } | Exclude<ConfirmOutcome, { subscriber: Subscriber }>;

/** What following the link would do, changing nothing. */
export async function checkConfirmation(deps: SubscriptionDeps, token: string, ctx: RequestContext): Promise<ConfirmCheck> {
  const check = await deps.tokens.verify(token, 'confirm', epochSeconds(ctx.now));
  if (!check.ok) return { result: check.reason };
  const current = await deps.store.subscribers.get(check.subscriberId);
  if (!current || current.status === 'suppressed' || olderThan(current, check.expiresAt)) return { result: 'gone' };
  return { result: current.status === 'confirmed' ? 'already_confirmed' : 'pending', subscriber: current };
}

export async function confirmSubscription(deps: SubscriptionDeps, token: string, ctx: RequestContext): Promise<ConfirmOutcome> {
  const check = await deps.tokens.verify(token, 'confirm', epochSeconds(ctx.now));
  if (!check.ok) return { result: check.reason };
  const id = check.subscriberId;
  return deps.locks.run(`subscriber:${id}`, () =>
    untilSaved<ConfirmOutcome>(async () => {
      const current = await deps.store.subscribers.get(id);
      if (!current || current.status === 'suppressed' || olderThan(current, check.expiresAt)) return { outcome: 'saved', result: { result: 'gone' } };
      if (current.status === 'confirmed') return { outcome: 'saved', result: { result: 'already_confirmed', subscriber: current } };
      const next: Subscriber = { ...current, status: 'confirmed', confirmed_at: ctx.now, updated_at: ctx.now, version: current.version + 1 };
      // Saved without an expiry: a confirmed subscriber is kept until it leaves.
      const outcome = await deps.store.subscribers.save(next, current.version, { clearLeft: true });
      return { outcome, result: { result: 'confirmed', subscriber: next } };
    }),
  );
}
