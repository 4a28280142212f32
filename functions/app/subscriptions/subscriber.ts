// A subscriber to the page's email updates, and the rules that decide what reaches it.

/** pending: asked, not yet confirmed (forgotten after PENDING_DAYS); confirmed: mailed;
 *  suppressed: SES reported a permanent bounce or a complaint, never mailed again. */
export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'suppressed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export interface Subscriber {
  /** Derived from the address (email-address.ts), so one address is one subscriber. */
  id: string;
  /** Normalised: trimmed and lower-cased. */
  email: string;
  status: SubscriberStatus;
  /** Component ids the subscriber hears about; empty: every notification. */
  components: string[];
  source: 'form' | 'import';
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  /** When the latest confirmation mail was asked for: each new value sends one (via the table stream). */
  confirm_requested_at: string | null;
  /** When the subscriber (confirmed) last asked for fresh manage and unsubscribe links: each new
   *  value sends one mail with them (via the table stream). Absent: never. */
  links_requested_at?: string | null;
  /** The token epoch (ms): manage tokens carry it and stop working once it moves on (fresh links
   *  were asked for). Absent: the creation time's (tokenEpochOf). */
  token_epoch?: number;
  version: number;
}

/** That an address left the list: it unsubscribed, or a responder removed it. Kept (by the
 *  subscriber id) until the person confirms a new subscription themselves; imports skip it. */
export interface SubscriberLeft {
  reason: 'unsubscribed' | 'removed';
  at: string;
}

/** An unconfirmed subscription is forgotten this long after its last confirmation request (TTL). */
export const PENDING_DAYS = 7;
/** A confirmation link works this long. */
export const CONFIRM_TOKEN_HOURS = 24;
/** Asking again for the same address sends another confirmation mail (or, once confirmed, a mail
 *  with fresh links) at most this often. */
export const CONFIRM_RESEND_MINUTES = 10;
/** A manage (unsubscribe, filter) link works this long after the mail that carried it was sent. */
export const MANAGE_TOKEN_DAYS = 365;

/** The epoch the subscriber's manage tokens must carry. A subscriber made again (after leaving)
 *  starts a new one, so links from before it left do not work for the new subscription. */
export function tokenEpochOf(subscriber: Pick<Subscriber, 'token_epoch' | 'created_at'>): number {
  return subscriber.token_epoch ?? Date.parse(subscriber.created_at);
}

/** The last time a mail was asked for this address (a confirmation, or fresh links); null: never. */
export function lastMailRequestOf(subscriber: Pick<Subscriber, 'confirm_requested_at' | 'links_requested_at'>): string | null {
  const times = [subscriber.confirm_requested_at, subscriber.links_requested_at].filter((t): t is string => typeof t === 'string');
  return times.length === 0 ? null : times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/** Epoch seconds at which a pending subscription asked for at `requestedAt` may be forgotten. */
export function pendingExpiry(requestedAt: string): number {
  return Math.floor(Date.parse(requestedAt) / 1000) + PENDING_DAYS * 24 * 3600;
}

/** True when a notification about `matching` (component ids, groups included) reaches this filter. */
export function filterMatches(filter: readonly string[], matching: ReadonlySet<string>): boolean {
  return filter.length === 0 || filter.some((id) => matching.has(id));
}
