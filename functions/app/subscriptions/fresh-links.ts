// A confirmed subscriber who subscribes again is asking for its links (it lost the mails, or one
// leaked): it gets one mail with fresh manage and unsubscribe links, and every older link stops
// working (the token epoch moves on). Like a confirmation, at most one every
// CONFIRM_RESEND_MINUTES per address, so that nobody can mail-bomb an address through the form.
// Writing links_requested_at is what sends the mail (the mailer sees it on the table stream).
import { CONFIRM_RESEND_MINUTES, lastMailRequestOf, tokenEpochOf, type Subscriber } from './subscriber';

/** The subscriber with fresh links asked for at `now`; null when a mail was asked for too recently. */
export function withFreshLinks(current: Subscriber, now: string): Subscriber | null {
  const last = lastMailRequestOf(current);
  if (last !== null && Date.parse(now) - Date.parse(last) < CONFIRM_RESEND_MINUTES * 60_000) return null;
  return {
    ...current,
    links_requested_at: now,
    // Never the epoch it had (even within one millisecond of its creation).
    token_epoch: Math.max(Date.parse(now), tokenEpochOf(current) + 1),
    updated_at: now,
    version: current.version + 1,
  };
}
