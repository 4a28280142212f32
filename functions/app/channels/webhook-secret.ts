// Standard Webhooks signing secrets: `whsec_` + base64 of 32 random bytes. A rotation puts the new
// secret first and keeps the previous one, signing beside it, for a day.
import { randomBytes } from 'node:crypto';
import type { ChannelEndpoint, WebhookSecret } from './endpoint';

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function newWebhookSecret(now: string): WebhookSecret {
  return { secret: `whsec_${randomBytes(32).toString('base64')}`, created_at: now, expires_at: null };
}

/** The secrets that sign a request sent at `now`, newest first (two during a rotation). */
export function signingSecrets(endpoint: Pick<ChannelEndpoint, 'secrets'>, now: string): string[] {
  return endpoint.secrets.filter((s) => !s.expires_at || s.expires_at > now).map((s) => s.secret);
}

/** The secrets after a rotation at `now`: the new one, and the current one until a day on. */
export function rotatedSecrets(endpoint: Pick<ChannelEndpoint, 'secrets'>, fresh: WebhookSecret, now: string): WebhookSecret[] {
  const current = endpoint.secrets[0];
  const until = new Date(Date.parse(now) + ROTATION_OVERLAP_MS).toISOString();
  return current ? [fresh, { ...current, expires_at: until }] : [fresh];
}
