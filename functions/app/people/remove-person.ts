import { PreconditionFailedError } from '#core/errors';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import { revokeSessionsOf } from '../sessions/manage-sessions';
import { getPerson } from './list-people';
import { LastAdminError } from './person';
import { lastAdminDetail } from './update-person';

/** Removes a person (404 when there is none); with `ifMatch`, only at that version. Removing the
 *  only admin is a LastAdminError (409), decided by the store. A removed person's console
 *  sessions end with them (every path that removes: /v1, the console, `npm run people`); returns
 *  how many ended. */
export async function removePerson(deps: AppDeps, emailInput: string, ctx: { ifMatch?: number } = {}): Promise<{ sessionsEnded: number }> {
  const removed = await untilSaved(async () => {
    const current = await getPerson(deps, emailInput);
    if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
      throw new PreconditionFailedError(`${current.email} is at version ${current.version}, not ${ctx.ifMatch}.`);
    }
    const outcome = await deps.store.people.delete(current);
    if (outcome === 'last_admin') throw new LastAdminError(lastAdminDetail(current.email, 'remove'));
    return { outcome: outcome === 'deleted' ? 'saved' : 'stale', result: current.email };
  });
  return { sessionsEnded: await revokeSessionsOf(deps, removed) };
}
