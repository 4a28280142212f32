import { PreconditionFailedError } from '#core/errors';
import type { Role } from '#core/roles';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import { getPerson } from './list-people';
import { LastAdminError, type Person } from './person';

export interface UpdatePersonInput {
  role?: Role;
  name?: string | null;
}

/** The detail of a 409 for a change that would leave nobody able to manage people. */
export function lastAdminDetail(email: string, change: 'demote' | 'remove'): string {
  return `${email} is the only admin: ${change === 'demote' ? 'demoting' : 'removing'} them would leave nobody able to manage people. Make someone else an admin first.`;
}

/** Changes a person's role or name; with `ifMatch`, only if they are still at that version.
 *  Taking the role from the only admin is a LastAdminError (409), decided by the store. */
export async function updatePerson(
  deps: AppDeps,
  emailInput: string,
  input: UpdatePersonInput,
  ctx: RequestContext & { ifMatch?: number },
): Promise<Person> {
  return untilSaved(async () => {
    // A stale write re-reads: a change that only raced a conflict goes through, a real one is 412.
    const current = await getPerson(deps, emailInput);
    if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
      throw new PreconditionFailedError(`${current.email} is at version ${current.version}, not ${ctx.ifMatch}.`);
    }
    const name = input.name === undefined ? current.name : input.name?.trim() || null;
    const role = input.role ?? current.role;
    if (name === current.name && role === current.role) return { outcome: 'saved', result: current };
    const next: Person = { ...current, name, role, updated_at: ctx.now, version: current.version + 1 };
    const outcome = await deps.store.people.save(next, current);
    if (outcome === 'last_admin') throw new LastAdminError(lastAdminDetail(current.email, 'demote'));
    return { outcome, result: next };
  });
}
