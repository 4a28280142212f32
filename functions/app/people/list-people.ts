import { NotFoundError } from '#core/errors';
import { ROLES } from '#core/roles';
import type { AppDeps } from '../deps';
import { personEmail, type Person } from './person';

/** Everyone, admins first, then responders, then viewers; by email within a role. */
export async function listPeople(deps: AppDeps): Promise<Person[]> {
  const people = await deps.store.people.list();
  return people.sort((a, b) => ROLES.indexOf(b.role) - ROLES.indexOf(a.role) || a.email.localeCompare(b.email));
}

/** One person by email (any case or surrounding spaces); NotFoundError (404) when there is none. */
export async function getPerson(deps: AppDeps, emailInput: string): Promise<Person> {
  const email = personEmail(emailInput);
  const person = await deps.store.people.get(email);
  if (!person) throw new NotFoundError(`No person with the address ${email}.`);
  return person;
}
