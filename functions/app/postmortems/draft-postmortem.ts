import { NotFoundError } from '#core/errors';
import type { IncidentWithUpdates } from '#core/model';
import { postmortemDraft, type SubscriberReach } from '#core/postmortem-draft';
import { notificationId } from '../notifications/notification';
import type { AppDeps } from '../deps';

/**
 * Whom the incident's notifying updates reached, from the mailer's notification records (the
 * recipients each was planned to); null when none has a record (mail not planned yet, or the
 * records expired: they are kept 14 days).
 */
export async function subscribersNotified(deps: AppDeps, incident: IncidentWithUpdates): Promise<SubscriberReach | null> {
  const notifying = incident.updates.filter((u) => u.notify);
  if (notifying.length === 0) return { notifications: 0, mails: 0, subscribers: 0 };
  const found = await Promise.all(notifying.map((u) => deps.store.notifications.get(notificationId('incident', incident.id, u.seq))));
  const known = found.filter((n) => n !== null);
  if (known.length === 0) return null;
  return {
    notifications: known.length,
    mails: known.reduce((sum, n) => sum + n.recipients, 0),
    subscribers: Math.max(...known.map((n) => n.recipients)),
  };
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
