// A channel endpoint: somewhere Herald delivers every change besides email — a signed webhook, a
// Slack incoming webhook, a Teams workflow — for public subscribers (`internal: false`) or the
// team's own incident channel (`internal: true`, which also gets internal events). Shared by the
// endpoint use cases (api), the delivery worker (channels/) and the console.

export const ENDPOINT_KINDS = ['webhook', 'slack', 'teams'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** What an endpoint of each kind is called in pages and mails ("your webhook", "your Slack channel"). */
export const ENDPOINT_KIND_NAMES: Readonly<Record<EndpointKind, string>> = { webhook: 'webhook', slack: 'Slack channel', teams: 'Teams channel' };

/** active: delivered to. pending: waits for its contact to confirm (double opt-in from the page).
 *  quarantined: 10 failures in a row over about an hour; a responder or the contact reactivates it.
 *  disabled: the receiver said 410 Gone (or Slack's channel_not_found / channel_is_archived). */
export const ENDPOINT_STATES = ['active', 'pending', 'quarantined', 'disabled'] as const;
export type EndpointState = (typeof ENDPOINT_STATES)[number];

export interface WebhookSecret {
  /** `whsec_` + base64 of 32 random bytes (Standard Webhooks). */
  secret: string;
  created_at: string;
  /** When it stops signing: set on the previous secret by a rotation (24 h on); absent or null: never. */
  expires_at?: string | null;
}

export interface ChannelEndpoint {
  id: string;
  kind: EndpointKind;
  url: string;
  /** Component ids it wants; empty: every change. */
  components: string[];
  /** The team's incident channel: every change, public or not, in the internal shape. */
  internal: boolean;
  /** Who hears about quarantine (once) and can reactivate through a link. */
  contact_email: string | null;
  state: EndpointState;
  /** Why it is quarantined or disabled, for people. */
  state_reason: string | null;
  /** Signing secrets, newest first: during a rotation both sign (two `v1,` signatures). */
  secrets: WebhookSecret[];
  /** Failed attempts in a row (reset by a success). */
  consecutive_failures: number;
  /** A pending endpoint: when its contact was last sent the confirmation link (a change sends another). */
  confirm_requested_at?: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  version: number;
}
