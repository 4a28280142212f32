// The records Herald keeps. Plain data: every timestamp is an ISO 8601 UTC string.
import type { ComponentStatus } from './component-status';
import type { ImportSource } from './import-source';
import type { IncidentStatus } from './incident-lifecycle';
import type { MaintenanceStatus } from './maintenance-lifecycle';
import type { Impact, Severity } from './severity';

export interface Component {
  id: string;
  name: string;
  description: string | null;
  /** The id of the group component this one belongs to, or null. */
  group_id: string | null;
  /** True for a group: a component that holds others. */
  group: boolean;
  status: ComponentStatus;
  position: number;
  showcase: boolean;
  only_show_if_degraded: boolean;
  created_at: string;
  updated_at: string;
  version: number;
  /** Where an import brought it from (core/import-source.ts); absent: made in Herald. */
  source?: ImportSource | null;
}

/** Which components an update moved, and from what to what. */
export interface ComponentChange {
  id: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface IncidentRoles {
  commander?: string | null;
  comms?: string | null;
  scribe?: string | null;
  tech_lead?: string | null;
}

export interface IncidentUpdate {
  id: string;
  incident_id: string;
  /** 1-based position in the incident's timeline. */
  seq: number;
  status: IncidentStatus;
  message: string;
  component_changes: ComponentChange[];
  notify: boolean;
  created_at: string;
  /** The name of the API key that posted it: shown to responders, never on the public page. */
  posted_by: string | null;
  /** "Next update by": the time this update promised the next one (open incidents); null when it
   * made no promise (resolved, or no fixed cadence and none given); absent on updates stored before. */
  next_update_at?: string | null;
  /** Where an import brought it from (core/import-source.ts); absent: made in Herald. */
  source?: ImportSource | null;
}

export interface Postmortem {
  body: string;
  published: boolean;
  published_at: string | null;
  updated_at: string;
  /** When subscribers were told it was published (once per incident); absent: never. */
  notified_at?: string | null;
}

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  impact: Impact;
  status: IncidentStatus;
  /** Ids of every component an update of this incident has named. */
  component_ids: string[];
  /** Their names as the updates recorded them, so a list of incidents needs no updates to name
   * a component deleted since (absent on incidents stored before it existed). */
  component_names?: Record<string, string>;
  roles: IncidentRoles;
  created_at: string;
  updated_at: string;
  started_at: string;
  identified_at: string | null;
  monitoring_at: string | null;
  resolved_at: string | null;
  /** When the last public update was posted (drives the update cadence). */
  last_update_at: string;
  /** The promise of the latest update ("next update by"); null when it made none; absent on
   * incidents stored before promises existed (the cadence's rule applies to them). */
  next_update_at?: string | null;
  update_count: number;
  postmortem: Postmortem | null;
  declared_by: string | null;
  version: number;
  /** Where an import brought it from (core/import-source.ts); absent: made in Herald. */
  source?: ImportSource | null;
}

export interface IncidentWithUpdates extends Incident {
  updates: IncidentUpdate[];
}

export interface MaintenanceUpdate {
  id: string;
  maintenance_id: string;
  seq: number;
  status: MaintenanceStatus;
  message: string;
  notify: boolean;
  created_at: string;
  posted_by: string | null;
  /** Where an import brought it from (core/import-source.ts); absent: made in Herald. */
  source?: ImportSource | null;
}

export interface Maintenance {
  id: string;
  title: string;
  status: MaintenanceStatus;
  component_ids: string[];
  scheduled_for: string;
  scheduled_until: string;
  auto_transition: boolean;
  /**
   * Why the scheduler stopped moving this window on its own (it turned auto_transition off rather
   * than fail every minute on a change it cannot save); absent or null: it never had to.
   */
  auto_transition_error?: string | null;
  /** The components' statuses when the window started, restored when it completes. */
  component_statuses_before: Record<string, ComponentStatus> | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
  /**
   * When it was cancelled before it started (POST /v1/maintenances/{id}/cancel): its status is then
   * `completed` (final, as the store, the scheduler and Statuspage's statuses know it) and this
   * marks it cancelled. Absent or null: not cancelled that way (see isCancelledMaintenance).
   */
  cancelled_at?: string | null;
  update_count: number;
  version: number;
  /** Where an import brought it from (core/import-source.ts); absent: made in Herald. */
  source?: ImportSource | null;
}

export interface MaintenanceWithUpdates extends Maintenance {
  updates: MaintenanceUpdate[];
}

export interface ApiKey {
  /** The first characters of the key, safe to show: `hk_ab12…`. */
  prefix: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}
