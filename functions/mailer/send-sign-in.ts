// A console sign-in link: one mail per sign-in request, through the same ledger as every mail, so
// a replayed stream record or a retry does not send a second one.
import { SIGN_IN_LINK_MINUTES } from '#core/session-policy';
import { composeMail } from './compose';
import { deliver, type DeliveryContext } from './deliver';
import type { MailerRuntime } from './runtime';
import { renderSignInMail } from './templates/sign-in-mail';

export async function sendSignIn(
  rt: MailerRuntime,
  delivery: DeliveryContext,
  request: { id: string; email: string; expiresAt: string },
): Promise<boolean> {
  const { config, tokens } = rt.deps;
  const expiresAt = Math.floor(Date.parse(request.expiresAt) / 1000);
  // A link that would arrive dead is not worth sending (a retry long after).
  if (expiresAt * 1000 <= rt.clock.now()) return true;
  if (await rt.deps.store.suppressions.isSuppressed(request.email)) return true;
  const url = `${config.page.url}/console/sign-in/link?token=${await tokens.signIn(request.id, expiresAt)}`;
  const mail = renderSignInMail(config.page, url, SIGN_IN_LINK_MINUTES);
  const outcome = await deliver(delivery, [
    {
      key: `signin#${request.id}`,
      to: request.email,
      tags: { 'herald-mail': 'sign-in' },
      compose: () => composeMail({ from: rt.deps.from, to: request.email, ...mail, headers: { 'Auto-Submitted': 'auto-generated' } }),
    },
  ]);
  return outcome.complete;
}
