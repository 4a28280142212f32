// How an update changes the incident it belongs to: the incident's status and milestone times
// are derived from its timeline, never set on their own.
import type { Incident, IncidentUpdate } from './model';

/** The incident as it stands once `update` (the next in its timeline) is applied. */
export function incidentAfterUpdate(incident: Incident, update: IncidentUpdate): Incident {
  const at = update.created_at;
  const reopened = incident.status === 'resolved' && update.status !== 'resolved';
  return {
    ...incident,
    status: update.status,
    updated_at: at,
    last_update_at: at,
    next_update_at: update.next_update_at ?? null,
    update_count: update.seq,
    identified_at: update.status === 'identified' && !incident.identified_at ? at : incident.identified_at,
    monitoring_at: update.status === 'monitoring' && incident.status !== 'monitoring' ? at : incident.monitoring_at,
    // An addendum keeps the original resolution time; a reopen clears it.
    resolved_at: update.status === 'resolved' ? (incident.resolved_at ?? at) : reopened ? null : incident.resolved_at,
    component_ids: [...new Set([...incident.component_ids, ...update.component_changes.map((c) => c.id)])],
    component_names: {
      ...incident.component_names,
      ...Object.fromEntries(update.component_changes.map((c) => [c.id, c.name])),
    },
    version: incident.version + 1,
  };
}
