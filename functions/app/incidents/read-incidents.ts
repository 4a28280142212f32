import { NotFoundError } from '#core/errors';
import type { IncidentWithUpdates } from '#core/model';
import type { AppDeps } from '../deps';

export async function getIncident(deps: AppDeps, id: string): Promise<IncidentWithUpdates> {
  const incident = await deps.store.incidents.get(id);
  if (!incident) throw new NotFoundError(`No incident with id ${id}.`);
  return incident;
}

/** Incidents of a state, newest first. */
export async function listIncidents(
  deps: AppDeps,
  state: 'open' | 'resolved' | 'all',
  limit: number,
): Promise<IncidentWithUpdates[]> {
  return deps.store.incidents.list(state, limit);
}
