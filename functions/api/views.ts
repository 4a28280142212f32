// Records as the /v1 API shows them to responders.
import type { ComponentWithGroup } from '#app/components/list-components';
import type { IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import type { TimelineEvent } from '#core/timeline';

/** `/v1` names its fields plainly: `is_group` says whether it is a group, `group_id` and
 * `group_name` which group it is in (the Statuspage files keep Statuspage's `group: boolean`). */
export function componentView(component: ComponentWithGroup) {
  const { group, group_id, group_name, ...rest } = component;
  return { ...rest, is_group: group, group_id, group_name };
}

export function incidentView(incident: IncidentWithUpdates) {
  const { component_ids, update_count: _count, updates, ...rest } = incident;
  return {
    ...rest,
    // Absent on records stored before promises existed: shown as no promise.
    next_update_at: incident.next_update_at ?? null,
    components: component_ids,
    updates: [...updates].sort((a, b) => a.seq - b.seq).map((u) => ({ ...u, next_update_at: u.next_update_at ?? null })),
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
