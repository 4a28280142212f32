// What the console's middleware learned about a request, on top of the API's own.
import type { Person } from '#app/people/person';
import type { Session } from '#app/sessions/session';
import type { ApiEnv } from '../api/env';

export interface ConsoleEnv {
  Variables: ApiEnv['Variables'] & {
    /** The signed-in person (as stored now) and their session; set on every screen but sign-in. */
    person: Person;
    session: Session;
  };
}
