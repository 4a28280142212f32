// POST /v1/subscriptions: asks for a confirmation mail. The answer is the same whether the address
// is new, pending, confirmed or suppressed, so that nobody can learn who subscribes. Writing the
// pending subscriber (with a new confirm_requested_at) is what sends the mail: the mailer sees the
// change on the table stream and sends exactly one confirmation for it.
//
// Every well-formed request counts against the hour's global budget of confirmation mails
// (rate-limit.ts) before the subscriber is read or written, whether or not it ends up mailing:
// that keeps the mail count under the cap and the answer independent of the address's state
// (over the cap, every address gets the same 429).
import { ValidationError } from '#core/errors';
import { idempotencyRecord, type RequestContext } from '../context';
import { untilSaved } from '../optimistic';
import type { SubscriptionDeps } from './deps';
import { checkConfirmationCap, ConfirmationCapError } from './rate-limit';
import { isValidEmail, normalizeEmail, subscriberIdFor } from './email-address';
import { withFreshLinks } from './fresh-links';
import { checkComponentFilter } from './known-components';
import { CONFIRM_RESEND_MINUTES, pendingExpiry, type Subscriber } from './subscriber';

export interface SubscribeInput {
  email: string;
  components?: string[];
}

/** The one answer every subscription request gets. */
export const SUBSCRIBE_ANSWER = {
  status: 'accepted',
  message: 'If the address can receive mail, a confirmation link is on its way. Nothing is sent to it until the link is followed.',
} as const;

export async function subscribe(deps: SubscriptionDeps, input: SubscribeInput, ctx: RequestContext): Promise<typeof SUBSCRIBE_ANSWER> {
  if (!isValidEmail(input.email)) {
    throw new ValidationError('That is not an email address we can send to.', [{ path: 'email', message: 'invalid address' }]);
  }
  const email = normalizeEmail(input.email);
  const components = await checkComponentFilter(deps, input.components ?? []);
  const cap = await checkConfirmationCap(deps, ctx.now);
  if (!cap.ok) throw new ConfirmationCapError(cap.retryAfterSeconds);
  // A suppressed address is never mailed again, not even a confirmation; the answer stays the same.
  if (await deps.store.suppressions.isSuppressed(email)) return SUBSCRIBE_ANSWER;
  const id = subscriberIdFor(email);
  const idempotency = idempotencyRecord(ctx, SUBSCRIBE_ANSWER);

  await deps.locks.run(`subscriber:${id}`, () =>
    untilSaved(async () => {
      const current = await deps.store.subscribers.get(id);
      if (current && current.status !== 'pending') {
        // Confirmed: a mail with fresh links, and the old ones stop working (fresh-links.ts).
        const next = current.status === 'confirmed' ? withFreshLinks(current, ctx.now) : null;
        if (!next) return { outcome: 'saved' as const, result: undefined };
        return { outcome: await deps.store.subscribers.save(next, current.version, { idempotency }), result: undefined };
      }
      const resend =
        !current?.confirm_requested_at ||
        Date.parse(ctx.now) - Date.parse(current.confirm_requested_at) >= CONFIRM_RESEND_MINUTES * 60_000;
      const requestedAt = resend ? ctx.now : current!.confirm_requested_at!;
      const next: Subscriber = {
        id,
        email,
        status: 'pending',
        components,
        source: current?.source ?? 'form',
        created_at: current?.created_at ?? ctx.now,
        updated_at: ctx.now,
        confirmed_at: null,
        confirm_requested_at: requestedAt,
        version: (current?.version ?? 0) + 1,
      };
      const outcome = await deps.store.subscribers.save(next, current?.version ?? 0, {
        expiresAt: pendingExpiry(requestedAt),
        idempotency,
      });
      return { outcome, result: undefined };
    }),
  );
  return SUBSCRIBE_ANSWER;
}
