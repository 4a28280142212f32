// Following a mailed sign-in link: the link's signature and age are checked, its request is
// deleted (so the link works once, even when two tabs race), and a session begins.
import { HeraldError } from '#core/errors';
import { sessionEndsAt } from '#core/session-policy';
import type { SubscriptionDeps } from '../subscriptions/deps';
import { newCsrfToken, newSessionId, sessionHandle, sessionIdHash, type Session } from './session';

/** The link is not (or no longer) good: forged, expired, used, or its person was removed. */
export class SignInLinkError extends HeraldError {
  override readonly code = 'validation';
}

export interface SignedIn {
  /** The cookie's value: shown to the browser once, stored only as its hash. */
  sessionId: string;
  session: Session;
  next: string;
}

export async function completeSignIn(
  deps: SubscriptionDeps,
  token: string,
  client: { userAgent: string | null; address: string | null },
  now: string,
): Promise<SignedIn> {
  const check = await deps.tokens.verify(token, 'signin', Math.floor(Date.parse(now) / 1000));
  if (!check.ok) {
    throw new SignInLinkError(check.reason === 'expired' ? 'This sign-in link has expired (links work for 15 minutes). Ask for a new one.' : 'This sign-in link is not valid. Ask for a new one.');
  }
  const request = await deps.store.sessions.consumeSignInRequest(check.subscriberId);
  if (!request) throw new SignInLinkError('This sign-in link was used already (each works once). Ask for a new one.');
  if (Date.parse(request.link_expires_at) <= Date.parse(now)) throw new SignInLinkError('This sign-in link has expired (links work for 15 minutes). Ask for a new one.');
  const person = await deps.store.people.get(request.email);
  if (!person) throw new SignInLinkError('This address may no longer use the console.');
  const sessionId = newSessionId();
  const idHash = sessionIdHash(sessionId);
  const session: Session = {
    id_hash: idHash,
    handle: sessionHandle(idHash),
    email: person.email,
    created_at: now,
    last_seen_at: now,
    user_agent: client.userAgent?.slice(0, 200) ?? null,
    client: client.address,
    csrf_token: newCsrfToken(),
  };
  await deps.store.sessions.create(session, sessionEndsAt(session));
  return { sessionId, session, next: request.next };
}
