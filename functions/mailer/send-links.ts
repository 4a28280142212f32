// The fresh-links mail of a confirmed subscriber that subscribed again: one per request (the
// subscriber's links_requested_at), through the same ledger as every mail, so a replayed stream
// record or a retry does not send a second one. The tokens carry the subscriber's new epoch and
// the request's time, so a retry composes the same links.
import { manageTokenFor } from '#app/subscriptions/manage-token';
import { composeMail } from './compose';
import { deliver, type DeliveryContext } from './deliver';
import type { MailerRuntime } from './runtime';
import { listId } from './send-batch';
import { renderLinksMail } from './templates/links-mail';

export async function sendLinks(
  rt: MailerRuntime,
  delivery: DeliveryContext,
  request: { subscriberId: string; requestedAt: string },
): Promise<boolean> {
  const { store, config, tokens } = rt.deps;
  const subscriber = await store.subscribers.get(request.subscriberId);
  // Gone, not confirmed, or asked again since (that newer request sends its own): nothing to do.
  if (!subscriber || subscriber.status !== 'confirmed' || subscriber.links_requested_at !== request.requestedAt) return true;
  if (await store.suppressions.isSuppressed(subscriber.email)) return true;
  const token = await manageTokenFor(tokens, subscriber, request.requestedAt);
  const links = {
    manage: `${config.page.url}/v1/subscriptions/manage?token=${token}`,
    unsubscribe: `${config.page.url}/v1/subscriptions/unsubscribe?token=${token}`,
  };
  const mail = renderLinksMail(config.page, links);
  const outcome = await deliver(delivery, [
    {
      key: `links#${subscriber.id}#${request.requestedAt}`,
      to: subscriber.email,
      tags: { 'herald-mail': 'links' },
      compose: () =>
        composeMail({
          from: rt.deps.from,
          to: subscriber.email,
          ...mail,
          headers: {
            'List-Unsubscribe': `<${links.unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'List-Id': listId(config.page),
            'Auto-Submitted': 'auto-generated',
          },
        }),
    },
  ]);
  return outcome.complete;
}
