// The manage link in every notification: see the subscription, change its component filter, or
// leave (GET /v1/subscriptions/unsubscribe shows a button and changes nothing; POST, the button or
// a mail provider's RFC 8058 one-click, removes the subscriber at once and records that it left,
// so that an import cannot bring the address back). A link works for a year after its mail, until
// the subscriber asks for fresh links (manage-token.ts).
import type { Component } from '#core/model';
import type { RequestContext } from '../context';
import { untilSaved } from '../optimistic';
import type { SubscriptionDeps } from './deps';
import { checkComponentFilter } from './known-components';
import { openManageToken, replacedFor, type ManageTokenFailure } from './manage-token';
import type { Subscriber } from './subscriber';

export type ManageOutcome =
  | { result: 'found'; subscriber: Subscriber; components: Component[] }
  | { result: ManageTokenFailure }
  | { result: 'gone' };

/** The subscription a manage token names, with the components it could filter on. Changes nothing. */
export async function readSubscription(deps: SubscriptionDeps, token: string, ctx: RequestContext): Promise<ManageOutcome> {
  const opened = await openManageToken(deps.tokens, token, ctx.now);
  if (!opened.ok) return { result: opened.reason };
  const [subscriber, components] = await Promise.all([
    deps.store.subscribers.get(opened.claims.subscriberId),
    deps.store.components.list(),
  ]);
  if (!subscriber) return { result: 'gone' };
  if (replacedFor(subscriber, opened.claims)) return { result: 'replaced' };
  return { result: 'found', subscriber, components };
}

/** Replaces the component filter (empty: everything). */
export async function changeSubscription(
  deps: SubscriptionDeps,
  token: string,
  input: { components: string[] },
  ctx: RequestContext,
): Promise<ManageOutcome> {
  const opened = await openManageToken(deps.tokens, token, ctx.now);
  if (!opened.ok) return { result: opened.reason };
  const { claims } = opened;
  const components = await checkComponentFilter(deps, input.components);
  const saved = await deps.locks.run(`subscriber:${claims.subscriberId}`, () =>
    untilSaved<Subscriber | 'gone' | 'replaced'>(async () => {
      const current = await deps.store.subscribers.get(claims.subscriberId);
      if (!current) return { outcome: 'saved', result: 'gone' };
      if (replacedFor(current, claims)) return { outcome: 'saved', result: 'replaced' };
      const next: Subscriber = { ...current, components, updated_at: ctx.now, version: current.version + 1 };
      return { outcome: await deps.store.subscribers.save(next, current.version), result: next };
    }),
  );
  if (typeof saved === 'string') return { result: saved };
  return { result: 'found', subscriber: saved, components: await deps.store.components.list() };
}

export type UnsubscribeOutcome =
  | { result: 'unsubscribed'; email: string | null }
  | { result: ManageTokenFailure };

/** Removes the subscriber at once (idempotent: a second click, or the provider's POST, is fine). */
export async function unsubscribe(deps: SubscriptionDeps, token: string, ctx: RequestContext): Promise<UnsubscribeOutcome> {
  const opened = await openManageToken(deps.tokens, token, ctx.now);
  if (!opened.ok) return { result: opened.reason };
  const { claims } = opened;
  return deps.locks.run(`subscriber:${claims.subscriberId}`, async () => {
    const current = await deps.store.subscribers.get(claims.subscriberId);
    if (!current) return { result: 'unsubscribed', email: null };
    if (replacedFor(current, claims)) return { result: 'replaced' };
    await deps.store.subscribers.delete(current.id, { reason: 'unsubscribed', at: ctx.now });
    return { result: 'unsubscribed', email: current.email };
  });
}
