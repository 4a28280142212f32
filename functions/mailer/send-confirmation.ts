// The confirmation mail of a pending subscriber: one per confirmation request (the subscriber's
// confirm_requested_at), sent through the same ledger as notifications, so a replayed stream
// record or a retry does not send a second one.
import { CONFIRM_TOKEN_HOURS } from '#app/subscriptions/subscriber';
import { composeMail } from './compose';
import { deliver, type DeliveryContext } from './deliver';
import type { MailerRuntime } from './runtime';
import { renderConfirmationMail } from './templates/confirmation-mail';

export async function sendConfirmation(
  rt: MailerRuntime,
  delivery: DeliveryContext,
  request: { subscriberId: string; requestedAt: string },
): Promise<boolean> {
  const { store, config, tokens } = rt.deps;
  const subscriber = await store.subscribers.get(request.subscriberId);
  // Confirmed, removed or asked again since (that newer request sends its own): nothing to do.
  if (!subscriber || subscriber.status !== 'pending' || subscriber.confirm_requested_at !== request.requestedAt) return true;
  if (await store.suppressions.isSuppressed(subscriber.email)) return true;
  const expiresAt = Math.floor(Date.parse(request.requestedAt) / 1000) + CONFIRM_TOKEN_HOURS * 3600;
  // A link that would arrive dead is not worth sending (a retry a day late).
  if (expiresAt * 1000 <= rt.clock.now()) return true;
  const confirmUrl = `${config.page.url}/v1/subscriptions/confirm?token=${await tokens.confirm(subscriber.id, expiresAt)}`;
  const mail = renderConfirmationMail(config.page, confirmUrl, CONFIRM_TOKEN_HOURS);
  const outcome = await deliver(delivery, [
    {
      key: `confirm#${subscriber.id}#${request.requestedAt}`,
      to: subscriber.email,
      tags: { 'herald-mail': 'confirmation' },
      compose: () => composeMail({ from: rt.deps.from, to: subscriber.email, ...mail, headers: { 'Auto-Submitted': 'auto-generated' } }),
    },
  ]);
  return outcome.complete;
}
