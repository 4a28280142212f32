// The manage link in every notification: see the subscription, change its component filter, or
// leave (GET /v1/subscriptions/unsubscribe shows a button and changes nothing; POST, the button or
// a mail provider's RFC 8058 one-click, removes the subscriber at once).
import type { Component } from '#core/model';
import type { RequestContext } from '../context';
import { untilSaved } from '../optimistic';
import { epochSeconds, type SubscriptionDeps } from './deps';
import { checkComponentFilter } from './known-components';
import type { Subscriber } from './subscriber';

export type ManageOutcome =
  | { result: 'found'; subscriber: Subscriber; components: Component[] }
  | { result: 'invalid' }
  | { result: 'gone' };

/** The subscription a manage token names, with the components it could filter on. */
export async function readSubscription(deps: SubscriptionDeps, token: string, ctx: RequestContext): Promise<ManageOutcome> {
  const check = await deps.tokens.verify(token, 'manage', epochSeconds(ctx.now));
  if (!check.ok) return { result: 'invalid' };
  const [subscriber, components] = await Promise.all([
    deps.store.subscribers.get(check.subscriberId),
    deps.store.components.list(),
  ]);
  return subscriber ? { result: 'found', subscriber, components } : { result: 'gone' };
}

/** Replaces the component filter (empty: everything). */
export async function changeSubscription(
  deps: SubscriptionDeps,
  token: string,
  input: { components: string[] },
  ctx: RequestContext,
): Promise<ManageOutcome> {
  const check = await deps.tokens.verify(token, 'manage', epochSeconds(ctx.now));
  if (!check.ok) return { result: 'invalid' };
  const id = check.subscriberId;
  const components = await checkComponentFilter(deps, input.components);
  const saved = await deps.locks.run(`subscriber:${id}`, () =>
    untilSaved<Subscriber | null>(async () => {
      const current = await deps.store.subscribers.get(id);
      if (!current) return { outcome: 'saved', result: null };
      const next: Subscriber = { ...current, components, updated_at: ctx.now, version: current.version + 1 };
      return { outcome: await deps.store.subscribers.save(next, current.version), result: next };
    }),
  );
  if (!saved) return { result: 'gone' };
  return { result: 'found', subscriber: saved, components: await deps.store.components.list() };
}

export type UnsubscribeOutcome = { result: 'unsubscribed'; email: string | null } | { result: 'invalid' };

/** Removes the subscriber at once (idempotent: a second click, or the provider's POST, is fine). */
export async function unsubscribe(deps: SubscriptionDeps, token: string, ctx: RequestContext): Promise<UnsubscribeOutcome> {
  const check = await deps.tokens.verify(token, 'manage', epochSeconds(ctx.now));
  if (!check.ok) return { result: 'invalid' };
  const current = await deps.store.subscribers.get(check.subscriberId);
  await deps.store.subscribers.delete(check.subscriberId);
  return { result: 'unsubscribed', email: current?.email ?? null };
}
