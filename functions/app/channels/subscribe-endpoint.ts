// A reader's webhook, Slack or Teams endpoint from the page's subscribe form (POST
// /v1/subscriptions/webhooks): written `pending`, and nothing is delivered to it until its contact
// follows the link mailed to them (the mailer sees the pending endpoint on the table stream and
// sends one confirmation for each confirm_requested_at). The same budgets as email subscriptions:
// per client, and the hour's global budget of confirmation mails; a suppressed contact is never
// mailed. The URL passes the same checks as a responder's (https, public addresses, the kind's
// shape), and a reader's endpoint is never the internal channel.
import { ConflictError, ValidationError } from '#core/errors';
import type { RequestContext } from '../context';
import { newId } from '../ids';
import { isValidEmail, normalizeEmail } from '../subscriptions/email-address';
import type { SubscriptionDeps } from '../subscriptions/deps';
import { checkComponentFilter } from '../subscriptions/known-components';
import { checkConfirmationCap, ConfirmationCapError } from '../subscriptions/rate-limit';
import { PENDING_DAYS } from '../subscriptions/subscriber';
import { checkEndpointUrl } from './check-endpoint-url';
import type { ChannelEndpoint, EndpointKind } from './endpoint';
import { newWebhookSecret } from './webhook-secret';

export interface SubscribeEndpointInput {
  kind: EndpointKind;
  url: string;
  contact_email: string;
  components?: readonly string[];
}

export const SUBSCRIBE_ENDPOINT_ANSWER = {
  status: 'accepted',
  message:
    'If the contact address can receive mail, a confirmation link is on its way to it. Nothing is sent to the URL until the link is followed.',
} as const;

export async function subscribeEndpoint(
  deps: SubscriptionDeps,
  input: SubscribeEndpointInput,
  ctx: RequestContext,
): Promise<typeof SUBSCRIBE_ENDPOINT_ANSWER> {
  if (!isValidEmail(input.contact_email)) {
    throw new ValidationError('The contact must be an email address we can send to.', [{ path: 'contact_email', message: 'invalid address' }]);
  }
  const contact = normalizeEmail(input.contact_email);
  const url = await checkEndpointUrl(deps, input.kind, input.url);
  const components = await checkComponentFilter(deps, input.components ?? []);
  const cap = await checkConfirmationCap(deps, ctx.now);
  if (!cap.ok) throw new ConfirmationCapError(cap.retryAfterSeconds);
  if (await deps.store.suppressions.isSuppressed(contact)) return SUBSCRIBE_ENDPOINT_ANSWER;
  const secret = input.kind === 'webhook' ? newWebhookSecret(ctx.now) : null;
  const endpoint: ChannelEndpoint = {
    id: newId(),
    kind: input.kind,
    url,
    components,
    internal: false,
    contact_email: contact,
    state: 'pending',
    state_reason: 'waits for its contact to confirm it',
    secrets: secret ? [secret] : [],
    consecutive_failures: 0,
    confirm_requested_at: ctx.now,
    created_at: ctx.now,
    updated_at: ctx.now,
    created_by: null,
    version: 1,
  };
  const expiresAt = Math.floor(Date.parse(ctx.now) / 1000) + PENDING_DAYS * 86_400;
  const outcome = await deps.store.channelEndpoints.create(endpoint, { expiresAt });
  if (outcome === 'exists') throw new ConflictError('An endpoint with that id exists already; try again.');
  return SUBSCRIBE_ENDPOINT_ANSWER;
}
