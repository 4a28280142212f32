// Asking for a console sign-in link. The answer is the same whoever asks (a person, an unknown
// address, an address that asked too often), so nobody learns who may use the console. Only a
// client that asks too often is told so (429): that says nothing about any address.
// Writing the request is what sends the mail: the mailer sees it on the table stream.
import { HeraldError } from '#core/errors';
import {
  signInLinkExpiry,
  SIGN_IN_REQUESTS_PER_ADDRESS,
  SIGN_IN_REQUESTS_PER_CLIENT,
  SIGN_IN_WINDOW_SECONDS,
} from '#core/session-policy';
import { personEmail } from '../people/person';
import type { SubscriptionDeps } from '../subscriptions/deps';
import { countInWindow } from '../subscriptions/rate-limit';
import { newSignInRequestId } from './session';

export class SignInRateLimitedError extends HeraldError {
  override readonly code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many sign-in requests from here; try again in ${Math.ceil(retryAfterSeconds / 60)} min.`);
  }
}

export const SIGN_IN_ANSWER = 'If that address belongs to someone who may use the console, a sign-in link is on its way. It works once, for 15 minutes.';

export interface SignInRequestInput {
  email: string;
  /** The console path to open after signing in. */
  next?: string;
  client: string;
}

/** A console path (`/console…`) or the console's home: never another site (open redirects). */
export function consolePath(next: string | undefined): string {
  if (!next || !/^\/console(?:[/?#]|$)/.test(next) || /[\\\s]|\/\//.test(next)) return '/console';
  return next;
}

export async function requestSignIn(deps: SubscriptionDeps, input: SignInRequestInput, now: string): Promise<string> {
  const email = personEmail(input.email);
  const perClient = await countInWindow(deps, `signin-client:${input.client}`, SIGN_IN_REQUESTS_PER_CLIENT, SIGN_IN_WINDOW_SECONDS, now);
  if (!perClient.ok) throw new SignInRateLimitedError(perClient.retryAfterSeconds);
  const perAddress = await countInWindow(deps, `signin-address:${email}`, SIGN_IN_REQUESTS_PER_ADDRESS, SIGN_IN_WINDOW_SECONDS, now);
  if (!perAddress.ok) return SIGN_IN_ANSWER;
  const person = await deps.store.people.get(email);
  if (!person || (await deps.store.suppressions.isSuppressed(email))) return SIGN_IN_ANSWER;
  await deps.store.sessions.createSignInRequest({
    id: newSignInRequestId(),
    email,
    requested_at: now,
    link_expires_at: signInLinkExpiry(now),
    next: consolePath(input.next),
  });
  return SIGN_IN_ANSWER;
}
