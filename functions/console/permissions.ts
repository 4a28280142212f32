// What a screen needs of the signed-in person's role; a person without it gets a 403 page that
// says which role would do and who can grant it.
import type { Context } from 'hono';
import { can, leastRoleFor, type Action } from '#core/roles';
import type { ConsoleEnv } from './env';

export class ConsoleForbidden extends Error {
  constructor(readonly action: Action, readonly role: string) {
    super(`Your role (${role}) may not do this: it needs the ${leastRoleFor(action)} role. An admin can change your role on the People screen.`);
  }
}

/** Throws ConsoleForbidden (shown as a 403 page) unless the person may take `action`. */
export function requireAction(c: Context<ConsoleEnv>, action: Action): void {
  const person = c.get('person');
  if (!can(person.role, action)) throw new ConsoleForbidden(action, person.role);
}

/** The actor recorded on changes made from the console: the person's address. */
export function actorOf(c: Context<ConsoleEnv>): string {
  return c.get('person').email;
}
