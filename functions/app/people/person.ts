// A person who may use the console: addressed by their normalised email, with one role.
import { ConflictError, ValidationError } from '#core/errors';
import type { Role } from '#core/roles';
import { isValidEmail, normalizeEmail } from '../subscriptions/email-address';

export interface Person {
  /** Normalised (trimmed, lower-cased): the person's identity. */
  email: string;
  name: string | null;
  role: Role;
  created_at: string;
  updated_at: string;
  version: number;
  /** Who added the person: an API key's holder, `npm run people`, or `herald.config.json`. */
  added_by: string;
}

/** The change would leave no admin (409): someone must always be able to manage people. */
export class LastAdminError extends ConflictError {}

/** The address, normalised; a ValidationError (400) naming `email` when it is not one. */
export function personEmail(input: string): string {
  if (!isValidEmail(input)) {
    throw new ValidationError('That is not an email address Herald accepts.', [{ path: 'email', message: 'invalid email address' }]);
  }
  return normalizeEmail(input);
}
