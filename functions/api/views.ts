// Records as the /v1 API shows them to responders.
import type { Component, IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import type { TimelineEvent } from '#core/timeline';

export function componentView(component: Component) {
  return component;
}

export function incidentView(incident: IncidentWithUpdates) {
  const { component_ids, update_count: _count, updates, ...rest } = incident;
  return {
    ...rest,
    components: component_ids,
    updates: [...updates].sort((a, b) => a.seq - b.seq),
  };
}

export function maintenanceView(maintenance: MaintenanceWithUpdates) {
  const { component_ids, update_count: _count, component_statuses_before: _before, updates, ...rest } = maintenance;
  return {
    ...rest,
    components: component_ids,
    updates: [...updates]
      .sort((a, b) => a.seq - b.seq)
      .map(({ maintenance_id: _m, seq: _s, ...update }) => update),
  };
}

/** An internal timeline event (responders only). */
export function timelineEventView(event: TimelineEvent) {
  const { incident_id: _incident, n: _n, ...rest } = event;
  return rest;
}
