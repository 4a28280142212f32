import { NotFoundError } from '#core/errors';
import type { IncidentWithUpdates } from '#core/model';
import { postmortemDraft } from '#core/postmortem-draft';
import { notificationId } from '../notifications/notification';
import type { AppDeps } from '../deps';

/**
 * How many subscribers the incident's notifying updates were planned to (the mailer's
 * notification records); null when none of them has a record (mail not planned, or expired).
 */
export async function subscribersNotified(deps: AppDeps, incident: IncidentWithUpdates): Promise<number | null> {
  const notifying = incident.updates.filter((u) => u.notify);
  if (notifying.length === 0) return 0;
  const found = await Promise.all(notifying.map((u) => deps.store.notifications.get(notificationId('incident', incident.id, u.seq))));
  const known = found.filter((n) => n !== null);
  return known.length === 0 ? null : known.reduce((sum, n) => sum + n.recipients, 0);
}

/** A Markdown postmortem draft pre-filled from the incident, its timeline and its mail. */
export async function draftPostmortem(deps: AppDeps, incidentId: string): Promise<{ incident: IncidentWithUpdates; body: string }> {
  const incident = await deps.store.incidents.get(incidentId);
  if (!incident) throw new NotFoundError(`No incident with id ${incidentId}.`);
  const [events, components, notified] = await Promise.all([
    deps.store.timeline.list(incidentId),
    deps.store.components.list(),
    subscribersNotified(deps, incident),
  ]);
  const body = postmortemDraft({
    incident,
    events,
    componentNames: new Map(components.map((c) => [c.id, c.name])),
    subscribersNotified: notified,
    policy: deps.config.severities[incident.severity],
    now: deps.now(),
  });
  return { incident, body };
}
