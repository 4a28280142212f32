import { ConflictError, ValidationError } from '#core/errors';
import type { Role } from '#core/roles';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { personEmail, type Person } from './person';

export interface AddPersonInput {
  email: string;
  role: Role;
  name?: string | null;
}

/** Adds a person with a role; an address someone already has is a ConflictError (409). */
export async function addPerson(deps: AppDeps, input: AddPersonInput, ctx: RequestContext & { addedBy?: string }): Promise<Person> {
  const email = personEmail(input.email);
  const name = input.name?.trim() || null;
  if (name !== null && name.length > 100) {
    throw new ValidationError('A name is at most 100 characters.', [{ path: 'name', message: 'At most 100 characters.' }]);
  }
  const person: Person = {
    email,
    name,
    role: input.role,
    created_at: ctx.now,
    updated_at: ctx.now,
    version: 1,
    added_by: ctx.addedBy ?? ctx.actor ?? 'api',
  };
  const outcome = await deps.store.people.create(person, { idempotency: idempotencyRecord(ctx, person) });
  if (outcome === 'exists') throw new ConflictError(`${email} is already a person here; change their role instead.`);
  return person;
}
