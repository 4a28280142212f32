// The one entry point of the payload builders: the request (body exactly as signed, and headers)
// an endpoint receives for a change, in its kind's format — Statuspage's webhook shapes signed
// with Standard Webhooks for `webhook`, a Slack message, a Teams card — and, for an internal
// endpoint (the team's incident channel), the internal update for incident changes.
import type { ChannelChange, ChannelRequest } from '#app/channels/change';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import { signingSecrets } from '#app/channels/webhook-secret';
import { signatureHeaders } from '../signing.ts';
import { generatedAt, type ChannelContext } from './context.ts';
import { internalSlack, internalTeams, internalUpdate } from './internal.ts';
import { slackMessage } from './slack.ts';
import { statuspageWebhook } from './statuspage.ts';
import { chatSummary } from './summary.ts';
import { teamsMessage } from './teams.ts';

export type { ChannelContext } from './context.ts';

export const USER_AGENT = 'Herald-Webhooks/1';

/** Timeline events an internal endpoint already hears of through the incident update they came
 * with (the update's change shows it as declared / update posted / resolved, with its components). */
const SHOWN_WITH_THEIR_UPDATE = new Set(['declared', 'update_posted', 'components_changed']);

/** The body for an endpoint, or null when it should not receive the change. */
function body(endpoint: ChannelEndpoint, change: ChannelChange, ctx: ChannelContext): string | null {
  if (change.type === 'internal_event') {
    // Internal events never reach a public endpoint.
    if (!endpoint.internal || SHOWN_WITH_THEIR_UPDATE.has(change.event.kind)) return null;
  }
  if (endpoint.internal) {
    const internal = internalUpdate(change, ctx);
    if (internal) {
      const { update, action } = internal;
      if (endpoint.kind === 'slack') return JSON.stringify(internalSlack(update, action));
      if (endpoint.kind === 'teams') return JSON.stringify(internalTeams(update, action));
      return JSON.stringify(update);
    }
    // Component and maintenance changes: the public message, as every subscriber sees it.
  }
  if (endpoint.kind === 'webhook') {
    const payload = statuspageWebhook(change, ctx);
    return payload === null ? null : JSON.stringify(payload);
  }
  const summary = chatSummary(change, ctx);
  if (summary === null) return null;
  return JSON.stringify(endpoint.kind === 'slack' ? slackMessage(summary) : teamsMessage(summary));
}

/**
 * The request `endpoint` receives for `change`, or null when it should not receive it (an internal
 * event for a public endpoint, or one an internal endpoint hears of with its update). Component
 * filters, endpoint states and who is public are the worker's to apply.
 */
export function channelRequest(endpoint: ChannelEndpoint, change: ChannelChange, ctx: ChannelContext): ChannelRequest | null {
  const text = body(endpoint, change, ctx);
  if (text === null) return null;
  return signedRequest(endpoint, text, ctx);
}

/** What the body depends on besides the change and the context: the same key, the same body
 *  (the worker's builder builds it once for every endpoint of a fan-out that shares it). */
export function bodyKey(endpoint: Pick<ChannelEndpoint, 'kind' | 'internal'>): string {
  return `${endpoint.kind}:${endpoint.internal ? 'internal' : 'public'}`;
}

/** channelRequest in two steps: the body (null: not sent), then the endpoint's request for it. */
export function channelBody(endpoint: ChannelEndpoint, change: ChannelChange, ctx: ChannelContext): string | null {
  return body(endpoint, change, ctx);
}

export function signedRequest(endpoint: ChannelEndpoint, text: string, ctx: ChannelContext): ChannelRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT };
  if (endpoint.kind === 'webhook') {
    Object.assign(
      headers,
      signatureHeaders({ id: ctx.deliveryId, timestamp: ctx.timestamp, body: text, secrets: signingSecrets(endpoint, generatedAt(ctx)) }),
    );
  }
  return { body: text, headers };
}
