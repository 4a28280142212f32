// Manage tokens as the use cases see them: a token works while it is signed, younger than a year
// and of the subscriber's current token epoch (subscriber.ts). Issued for the mails and pages that
// carry manage and unsubscribe links.
import { epochSeconds } from './deps';
import { tokenEpochOf, type Subscriber } from './subscriber';
import type { ManageClaims, SubscriptionTokens } from './tokens';

/** Why a manage link does not work: tampered, older than a year, or replaced by fresher links. */
export type ManageTokenFailure = 'invalid' | 'expired' | 'replaced';

export type ManageTokenOpened = { ok: true; claims: ManageClaims } | { ok: false; reason: Exclude<ManageTokenFailure, 'replaced'> };

/** Signature and age; the epoch is checked against the subscriber with `replacedFor`. */
export async function openManageToken(tokens: SubscriptionTokens, token: string, nowIso: string): Promise<ManageTokenOpened> {
  const check = await tokens.verify(token, 'manage', epochSeconds(nowIso));
  if (!check.ok) return { ok: false, reason: check.reason };
  const { subscriberId, epoch, issuedAt } = check;
  return { ok: true, claims: { subscriberId, epoch, issuedAt } };
}

/** True when the subscriber has asked for fresh links since this token was issued. */
export const replacedFor = (subscriber: Subscriber, claims: ManageClaims) => tokenEpochOf(subscriber) !== claims.epoch;

/** A manage token for the subscriber as it is now, issued at `nowIso`. */
export function manageTokenFor(tokens: SubscriptionTokens, subscriber: Subscriber, nowIso: string): Promise<string> {
  return tokens.manage({ subscriberId: subscriber.id, epoch: tokenEpochOf(subscriber), issuedAt: epochSeconds(nowIso) });
}
