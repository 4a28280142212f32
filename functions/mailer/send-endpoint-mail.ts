// Mails about a webhook, Slack or Teams endpoint, to its contact, through the same ledger as every
// mail (a replayed stream record or a retry sends no second one):
//   - a reader's pending endpoint: the confirmation link, one per confirm_requested_at;
//   - an endpoint that just became quarantined: one notice with a reactivate link, keyed by the
//     version at which it was quarantined (a later quarantine, after a reactivation, is told again).
import { ENDPOINT_CONFIRM_HOURS, REACTIVATE_LINK_DAYS } from '#app/channels/endpoint-links';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import { composeMail } from './compose';
import { deliver, type DeliveryContext } from './deliver';
import type { MailerRuntime } from './runtime';
import { renderEndpointConfirmationMail, renderQuarantineMail } from './templates/endpoint-mail';

const LINK_BASE = '/v1/subscriptions/webhooks';

/** The endpoint record a stream image carries (the fields these mails read). */
export type EndpointImage = Pick<ChannelEndpoint, 'id' | 'kind' | 'url' | 'state' | 'state_reason' | 'consecutive_failures' | 'contact_email' | 'version'> &
  Partial<Pick<ChannelEndpoint, 'confirm_requested_at'>>;

export async function sendEndpointConfirmation(rt: MailerRuntime, delivery: DeliveryContext, image: EndpointImage): Promise<boolean> {
  const { store, config, tokens } = rt.deps;
  const requestedAt = image.confirm_requested_at;
  const contact = image.contact_email;
  if (!requestedAt || !contact) return true;
  // Confirmed, removed or asked again since: nothing to do.
  const current = await store.channelEndpoints.get(image.id);
  if (!current || current.state !== 'pending' || current.confirm_requested_at !== requestedAt) return true;
  if (await store.suppressions.isSuppressed(contact)) return true;
  const expiresAt = Math.floor(Date.parse(requestedAt) / 1000) + ENDPOINT_CONFIRM_HOURS * 3600;
  if (expiresAt * 1000 <= rt.clock.now()) return true;
  const url = `${config.page.url}${LINK_BASE}/confirm?token=${await tokens.endpoint('endpoint', image.id, expiresAt)}`;
  const mail = renderEndpointConfirmationMail(config.page, current, url, ENDPOINT_CONFIRM_HOURS);
  const outcome = await deliver(delivery, [
    {
      key: `endpoint-confirm#${image.id}#${requestedAt}`,
      to: contact,
      tags: { 'herald-mail': 'endpoint-confirmation' },
      compose: () => composeMail({ from: rt.deps.from, to: contact, ...mail, headers: { 'Auto-Submitted': 'auto-generated' } }),
    },
  ]);
  return outcome.complete;
}

export async function sendQuarantineNotice(rt: MailerRuntime, delivery: DeliveryContext, image: EndpointImage): Promise<boolean> {
  const { store, config, tokens } = rt.deps;
  const contact = image.contact_email;
  if (!contact) return true;
  if (await store.suppressions.isSuppressed(contact)) return true;
  const expiresAt = Math.floor(rt.clock.now() / 1000) + REACTIVATE_LINK_DAYS * 86_400;
  const url = `${config.page.url}${LINK_BASE}/reactivate?token=${await tokens.endpoint('reactivate', image.id, expiresAt)}`;
  const mail = renderQuarantineMail(config.page, image, url, REACTIVATE_LINK_DAYS);
  const outcome = await deliver(delivery, [
    {
      key: `endpoint-quarantined#${image.id}#${image.version}`,
      to: contact,
      tags: { 'herald-mail': 'endpoint-quarantined' },
      compose: () => composeMail({ from: rt.deps.from, to: contact, ...mail, headers: { 'Auto-Submitted': 'auto-generated' } }),
    },
  ]);
  return outcome.complete;
}
