// The first admins: every address in herald.config.json `people.admins` is an admin after this
// runs (at every start of the local stack). Idempotent, and safe when several processes run it
// at once: each write is conditional, and a lost race re-reads.
import { ValidationError } from '#core/errors';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import { isValidEmail } from '../subscriptions/email-address';
import { personEmail, type Person } from './person';

export const CONFIG_ACTOR = 'herald.config.json';

export interface EnsuredAdmins {
  created: string[];
  /** People who were there with another role: the configuration makes them admins again. */
  promoted: string[];
  unchanged: string[];
}

export async function ensureConfiguredAdmins(deps: AppDeps, admins: readonly string[] = deps.config.people.admins): Promise<EnsuredAdmins> {
  const done: EnsuredAdmins = { created: [], promoted: [], unchanged: [] };
  const invalid = admins.filter((email) => !isValidEmail(email));
  if (invalid.length > 0) {
    throw new ValidationError(`herald.config.json people.admins: not an email address: ${invalid.join(', ')}`, [
      { path: 'people.admins', message: 'invalid email address' },
    ]);
  }
  for (const email of new Set(admins.map(personEmail))) {
    const what = await untilSaved(async () => {
      const now = deps.now();
      const current = await deps.store.people.get(email);
      if (!current) {
        const person: Person = { email, name: null, role: 'admin', created_at: now, updated_at: now, version: 1, added_by: CONFIG_ACTOR };
        const outcome = await deps.store.people.create(person);
        return { outcome: outcome === 'created' ? 'saved' : 'stale', result: 'created' as const };
      }
      if (current.role === 'admin') return { outcome: 'saved', result: 'unchanged' as const };
      // Promoting never takes an admin away, so 'last_admin' cannot come back here.
      const outcome = await deps.store.people.save({ ...current, role: 'admin', updated_at: now, version: current.version + 1 }, current);
      return { outcome: outcome === 'saved' ? 'saved' : 'stale', result: 'promoted' as const };
    });
    done[what].push(email);
  }
  return done;
}
