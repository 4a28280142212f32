import { NotFoundError } from '#core/errors';
import type { TimelineEvent } from '#core/timeline';
import type { AppDeps } from '../deps';

/** An incident's internal timeline, oldest first (responders only). */
export async function readTimeline(deps: AppDeps, incidentId: string): Promise<TimelineEvent[]> {
  const [incident, events] = await Promise.all([deps.store.incidents.get(incidentId), deps.store.timeline.list(incidentId)]);
  if (!incident) throw new NotFoundError(`No incident with id ${incidentId}.`);
  return events;
}
