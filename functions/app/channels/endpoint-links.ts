// The links an endpoint's contact follows: confirm a reader's endpoint (within a day of the mail),
// and reactivate one that was quarantined (within 30 days). Opening a link changes nothing (mail
// scanners open every link); its page's button does. Confirming shows a webhook's signing secret
// that once; reactivating works only on a quarantined endpoint (not one a responder disabled,
// or one the receiver said is gone).
import type { RequestContext } from '../context';
import type { SubscriptionDeps } from '../subscriptions/deps';
import { epochSeconds } from '../subscriptions/deps';
import { changeEndpoint } from './change-endpoint';
import type { ChannelEndpoint } from './endpoint';

export const ENDPOINT_CONFIRM_HOURS = 24;
export const REACTIVATE_LINK_DAYS = 30;

export type EndpointLinkPurpose = 'endpoint' | 'reactivate';

export type EndpointLinkCheck =
  | { result: 'invalid' | 'expired' | 'gone' }
  | { result: 'ready' | 'done'; endpoint: ChannelEndpoint };

/** What a link's page shows, without changing anything. */
export async function checkEndpointLink(
  deps: SubscriptionDeps,
  purpose: EndpointLinkPurpose,
  token: string,
  ctx: RequestContext,
): Promise<EndpointLinkCheck> {
  const check = await deps.tokens.verify(token, purpose, epochSeconds(ctx.now));
  if (!check.ok) return { result: check.reason };
  const endpoint = await deps.store.channelEndpoints.get(check.subscriberId);
  if (!endpoint) return { result: 'gone' };
  return stateFor(purpose, endpoint);
}

function stateFor(purpose: EndpointLinkPurpose, endpoint: ChannelEndpoint): EndpointLinkCheck {
  if (purpose === 'endpoint') return endpoint.state === 'pending' ? { result: 'ready', endpoint } : { result: 'done', endpoint };
  if (endpoint.state === 'quarantined') return { result: 'ready', endpoint };
  if (endpoint.state === 'active') return { result: 'done', endpoint };
  return { result: 'gone' };
}

export type EndpointLinkOutcome =
  | { result: 'invalid' | 'expired' | 'gone' }
  | { result: 'done'; endpoint: ChannelEndpoint }
  /** Confirmed or reactivated now; a webhook's signing secret when it was just confirmed. */
  | { result: 'changed'; endpoint: ChannelEndpoint; secret: string | null };

/** The link page's button: confirms a pending endpoint, or reactivates a quarantined one. */
export async function followEndpointLink(
  deps: SubscriptionDeps,
  purpose: EndpointLinkPurpose,
  token: string,
  ctx: RequestContext,
): Promise<EndpointLinkOutcome> {
  const check = await checkEndpointLink(deps, purpose, token, ctx);
  if (check.result !== 'ready') return check as EndpointLinkOutcome;
  let changed = false;
  const endpoint = await changeEndpoint(deps, check.endpoint.id, ctx, (current) => {
    changed = stateFor(purpose, current).result === 'ready';
    if (!changed) return null;
    return purpose === 'endpoint'
      ? { state: 'active', state_reason: null, confirm_requested_at: null }
      : { state: 'active', state_reason: null, consecutive_failures: 0 };
  });
  if (!changed) return stateFor(purpose, endpoint).result === 'done' ? { result: 'done', endpoint } : { result: 'gone' };
  const secret = purpose === 'endpoint' && endpoint.kind === 'webhook' ? (endpoint.secrets[0]?.secret ?? null) : null;
  return { result: 'changed', endpoint, secret };
}
