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
  version: number;
}

/** An unconfirmed subscription is forgotten this long after its last confirmation request (TTL). */
export const PENDING_DAYS = 7;
/** A confirmation link works this long. */
export const CONFIRM_TOKEN_HOURS = 24;
/** Asking again for the same address sends another confirmation mail at most this often. */
export const CONFIRM_RESEND_MINUTES = 10;

/** Epoch seconds at which a pending subscription asked for at `requestedAt` may be forgotten. */
export function pendingExpiry(requestedAt: string): number {
  return Math.floor(Date.parse(requestedAt) / 1000) + PENDING_DAYS * 24 * 3600;
}

/** True when a notification about `matching` (component ids, groups included) reaches this filter. */
export function filterMatches(filter: readonly string[], matching: ReadonlySet<string>): boolean {
  return filter.length === 0 || filter.some((id) => matching.has(id));
}
