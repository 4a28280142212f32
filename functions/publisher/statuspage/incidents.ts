// Herald incidents as Statuspage incidents; `incident_updates` newest first (the /v1 API lists
// them oldest first).
import type { IncidentUpdate, IncidentWithUpdates } from '#core/model';
import { absoluteUrl } from '../render/page-config.ts';
import { incidentHref, type SiteData } from '../render/site-data.ts';
import { spComponentsByIds } from './components.ts';
import type { SpIncident, SpIncidentUpdate } from './types.ts';

function spIncidentUpdate(update: IncidentUpdate): SpIncidentUpdate {
  return {
    id: update.id,
    status: update.status,
    body: update.message,
    incident_id: update.incident_id,
    created_at: update.created_at,
    // Herald never edits a posted update, so it was last updated and displayed when posted.
    updated_at: update.created_at,
    display_at: update.created_at,
    affected_components:
      update.component_changes.length === 0
        ? null
        : update.component_changes.map((c) => ({ code: c.id, name: c.name, old_status: c.old_status, new_status: c.new_status })),
    deliver_notifications: update.notify,
    custom_tweet: null,
    tweet_id: null,
  };
}

export function spIncident(data: SiteData, incident: IncidentWithUpdates): SpIncident {
  const updates = [...incident.updates].sort((a, b) => b.seq - a.seq || b.created_at.localeCompare(a.created_at));
  return {
    id: incident.id,
    name: incident.title,
    status: incident.status,
    created_at: incident.created_at,
    updated_at: incident.updated_at,
    monitoring_at: incident.monitoring_at,
    resolved_at: incident.resolved_at,
    impact: incident.impact,
    shortlink: absoluteUrl(data.config, incidentHref(incident.id)),
    started_at: incident.started_at,
    page_id: data.config.id,
    incident_updates: updates.map(spIncidentUpdate),
    components: spComponentsByIds(data, incident.component_ids),
  };
}
