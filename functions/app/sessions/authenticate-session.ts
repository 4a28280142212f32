// Who a console request comes from: the session its cookie names, while it lives, and the person
// as stored now (a role changed or a person removed takes effect on their next request).
import { isSessionLive, sessionEndsAt, shouldTouch } from '#core/session-policy';
import type { AppDeps } from '../deps';
import type { Person } from '../people/person';
import { sessionIdHash, type Session } from './session';

export interface SessionHolder {
  session: Session;
  person: Person;
}

export async function authenticateSession(deps: AppDeps, sessionId: string, now: string): Promise<SessionHolder | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
  const idHash = sessionIdHash(sessionId);
  const session = await deps.store.sessions.get(idHash);
  if (!session) return null;
  if (!isSessionLive(session, now)) {
    await deps.store.sessions.delete(idHash);
    return null;
  }
  const person = await deps.store.people.get(session.email);
  if (!person) {
    await deps.store.sessions.delete(idHash);
    return null;
  }
  if (shouldTouch(session, now)) {
    const touched = { ...session, last_seen_at: now };
    await deps.store.sessions.touch(idHash, now, sessionEndsAt(touched));
    return { session: touched, person };
  }
  return { session, person };
}
