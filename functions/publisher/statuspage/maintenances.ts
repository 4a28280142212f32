// Herald maintenance windows as Statuspage scheduled maintenances: an incident's keys plus
// `scheduled_for` / `scheduled_until`, impact `maintenance`.
import type { MaintenanceUpdate, MaintenanceWithUpdates } from '#core/model';
import { absoluteUrl } from '../render/page-config.ts';
import { maintenanceHistoryHref, type SiteData } from '../render/site-data.ts';
import { spComponentsByIds } from './components.ts';
import type { SpIncidentUpdate, SpScheduledMaintenance } from './types.ts';

/** Where a maintenance is shown: the index lists upcoming and active ones under this anchor. */
export function maintenanceAnchor(id: string): string {
  return `maintenance-${id}`;
}

function spMaintenanceUpdate(update: MaintenanceUpdate): SpIncidentUpdate {
  return {
    id: update.id,
    status: update.status,
    body: update.message,
    incident_id: update.maintenance_id,
    created_at: update.created_at,
    updated_at: update.created_at,
    display_at: update.created_at,
    affected_components: null,
    deliver_notifications: update.notify,
    custom_tweet: null,
    tweet_id: null,
  };
}

export function spScheduledMaintenance(data: SiteData, m: MaintenanceWithUpdates): SpScheduledMaintenance {
  const updates = [...m.updates].sort((a, b) => b.seq - a.seq || b.created_at.localeCompare(a.created_at));
  return {
    id: m.id,
    name: m.title,
    status: m.status,
    created_at: m.created_at,
    updated_at: m.updated_at,
    // Statuspage sets monitoring_at when a maintenance starts verifying; Herald records no such
    // moment, so it stays null, as it does on Statuspage for windows that skip verifying.
    monitoring_at: null,
    resolved_at: m.completed_at,
    impact: 'maintenance',
    // Open windows are on the index; completed ones on their month's history page.
    shortlink: absoluteUrl(data.config, m.status === 'completed' ? maintenanceHistoryHref(m) : `/#${maintenanceAnchor(m.id)}`),
    started_at: m.started_at ?? m.scheduled_for,
    page_id: data.config.id,
    incident_updates: updates.map(spMaintenanceUpdate),
    components: spComponentsByIds(data, m.component_ids),
    scheduled_for: m.scheduled_for,
    scheduled_until: m.scheduled_until,
  };
}
