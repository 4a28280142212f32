// The incidents this process wrote last, as it wrote them: an update starts from the copy it
// saved instead of reading the incident's partition again (bench:api, issue 14 §4).
//
// Why a copy may be used: every write of an incident's META or updates goes through a
// transaction conditioned on the version it read (incidents.create/append/save, the imports'
// putMany/put) and counts the version on. An append built on a copy at version N commits only
// if the table still holds version N, i.e. nothing changed since the copy was saved; anything
// else (another process, an edit, an import, a deleted incident) makes it 'stale', and the
// update is made again from a strongly consistent read. A refusal (404, 409, 412, 422) decided
// on a copy is never answered: the update is tried again from a read, which decides.
import type { IncidentWithUpdates } from '#core/model';
import type { Store } from '../ports/store';

/** Incidents remembered per store (least recently used forgotten first). */
export const RECENT_INCIDENTS = 100;

const byStore = new WeakMap<Store, Map<string, IncidentWithUpdates>>();

function recentOf(store: Store): Map<string, IncidentWithUpdates> {
  let recent = byStore.get(store);
  if (!recent) byStore.set(store, (recent = new Map()));
  return recent;
}

/** The incident as this process last saved it, if it remembers it. */
export function recentIncident(store: Store, id: string): IncidentWithUpdates | undefined {
  return recentOf(store).get(id);
}

/** Remembers the incident as just saved (the whole of what the table now holds for it). */
export function rememberIncident(store: Store, incident: IncidentWithUpdates): void {
  const recent = recentOf(store);
  recent.delete(incident.id);
  recent.set(incident.id, incident);
  if (recent.size > RECENT_INCIDENTS) recent.delete(recent.keys().next().value!);
}

/** Forgets the copy (it may no longer be what the table holds). */
export function forgetIncident(store: Store, id: string): void {
  byStore.get(store)?.delete(id);
}
