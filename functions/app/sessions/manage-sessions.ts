// Listing and ending console sessions: everyone sees and ends their own; admins everyone's.
import { ForbiddenError, NotFoundError } from '#core/errors';
import { can } from '#core/roles';
import { isSessionLive, sessionEndsAt } from '#core/session-policy';
import type { AppDeps } from '../deps';
import type { Person } from '../people/person';
import type { Session } from './session';

export interface SessionView {
  id: string;
  email: string;
  created_at: string;
  last_seen_at: string;
  ends_at: string;
  user_agent: string | null;
  client: string | null;
}

export function sessionView(session: Session): SessionView {
  return {
    id: session.handle,
    email: session.email,
    created_at: session.created_at,
    last_seen_at: session.last_seen_at,
    ends_at: sessionEndsAt(session),
    user_agent: session.user_agent,
    client: session.client,
  };
}

/** Live sessions `viewer` may see (null viewer: an admin API key), newest first. */
export async function listSessions(deps: AppDeps, viewer: Person | null, now: string): Promise<Session[]> {
  const all = await deps.store.sessions.list();
  const seeAll = viewer === null || can(viewer.role, 'people');
  return all
    .filter((s) => isSessionLive(s, now) && (seeAll || s.email === viewer!.email))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** Ends one session by its id (handle). */
export async function revokeSession(deps: AppDeps, viewer: Person | null, handle: string): Promise<void> {
  const session = (await deps.store.sessions.list()).find((s) => s.handle === handle);
  if (!session) throw new NotFoundError(`No session ${handle}.`);
  if (viewer && session.email !== viewer.email && !can(viewer.role, 'people')) {
    throw new ForbiddenError('Only admins may end other people’s sessions.');
  }
  await deps.store.sessions.delete(session.id_hash);
}

/** Ends every session of one person (sign out everywhere; a person removed). Returns how many. */
export async function revokeSessionsOf(deps: AppDeps, email: string): Promise<number> {
  const mine = (await deps.store.sessions.list()).filter((s) => s.email === email);
  await Promise.all(mine.map((s) => deps.store.sessions.delete(s.id_hash)));
  return mine.length;
}
