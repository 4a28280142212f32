// The update-cadence fields responders see on each incident (GET /v1/incidents…).
import { nextUpdateDue, overdueSince } from '#core/cadence';
import type { Incident } from '#core/model';
import type { Severity, SeverityPolicy } from '#core/severity';

export interface UpdateCadenceView {
  /** When the next public update is due (open incidents): the latest update's promise, else the
   * fixed cadence's rule (incidents stored without a promise); null otherwise. */
  next_update_due_at: string | null;
  overdue: boolean;
  /** Since when the incident is overdue for a public update; null when it is not. */
  overdue_since: string | null;
}

export function updateCadenceView(
  incident: Pick<Incident, 'severity' | 'status' | 'last_update_at' | 'next_update_at'>,
  policies: Readonly<Record<Severity, SeverityPolicy>>,
  now: string,
): UpdateCadenceView {
  const policy = policies[incident.severity];
  const since = overdueSince(incident, policy, now);
  return { next_update_due_at: nextUpdateDue(incident, policy), overdue: since !== null, overdue_since: since };
}
