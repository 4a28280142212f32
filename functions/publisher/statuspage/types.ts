// The shapes of Atlassian Statuspage's public v2 API (`/api/v2/*.json`) as the documentation every
// Statuspage-hosted page publishes at /api shows them (e.g. https://confluence.status.atlassian.com/api),
// which widgets and clients parse. Field names, nesting and types are Statuspage's; values Herald's.
import type { ComponentStatus } from '#core/component-status';
import type { IncidentStatus } from '#core/incident-lifecycle';
import type { MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { PageIndicator } from '#core/page-status';
import type { Impact } from '#core/severity';

export interface SpPage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface SpStatus {
  indicator: PageIndicator;
  description: string;
}

export interface SpComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Groups only: their children's ids. */
  components?: string[];
}

export interface SpAffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface SpIncidentUpdate {
  id: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: SpAffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface SpIncident {
  id: string;
  name: string;
  status: IncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Impact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: SpIncidentUpdate[];
  components: SpComponent[];
}

export interface SpScheduledMaintenance extends Omit<SpIncident, 'status' | 'impact'> {
  status: MaintenanceStatus;
  impact: 'maintenance';
  scheduled_for: string;
  scheduled_until: string;
}

export interface SpStatusFile { page: SpPage; status: SpStatus }
export interface SpComponentsFile { page: SpPage; components: SpComponent[] }
export interface SpIncidentsFile { page: SpPage; incidents: SpIncident[] }
export interface SpScheduledMaintenancesFile { page: SpPage; scheduled_maintenances: SpScheduledMaintenance[] }
export interface SpSummaryFile {
  page: SpPage;
  components: SpComponent[];
  incidents: SpIncident[];
  scheduled_maintenances: SpScheduledMaintenance[];
  status: SpStatus;
}
