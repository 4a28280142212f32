// The records an import sends (PUT /v1/imports/{kind}/{system}/{source_id}): Herald's own shapes,
// with references to other imported records by their source ids. A restore (`system: herald`)
// sends the exported records themselves instead (app/imports/restore-inputs.ts).
import type { ComponentStatus } from '#core/component-status';
import type { IncidentStatus } from '#core/incident-lifecycle';
import type { MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { Severity } from '#core/severity';
import type { TemplateKind } from '#core/templates';

export interface ComponentInput {
  name: string;
  description: string | null;
  /** The source id of its group (imported before it as a component_group); null: in no group. */
  group: string | null;
  status: ComponentStatus;
  position: number;
  showcase: boolean;
  only_show_if_degraded: boolean;
  created_at: string;
  updated_at: string;
}

export interface IncidentUpdateInput {
  /** The update's id in the source. */
  id: string;
  status: IncidentStatus;
  message: string;
  created_at: string;
  notify: boolean;
  /** Components it moved, by their source ids. */
  components: Array<{ component: string; old_status: ComponentStatus; new_status: ComponentStatus }>;
}

export interface IncidentInput {
  title: string;
  severity: Severity;
  created_at: string;
  updated_at: string;
  started_at: string;
  /** Oldest first; at least one. */
  updates: IncidentUpdateInput[];
  postmortem: { body: string; published: boolean; published_at: string | null; updated_at: string } | null;
}

export interface MaintenanceInput {
  title: string;
  scheduled_for: string;
  scheduled_until: string;
  auto_transition: boolean;
  /** Source ids of the components it covers. */
  components: string[];
  created_at: string;
  updated_at: string;
  updates: Array<{ id: string; status: MaintenanceStatus; message: string; created_at: string; notify: boolean }>;
}

export interface TemplateInput {
  name: string;
  kind: TemplateKind;
  title: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  /** Component source id → status. */
  components: Record<string, ComponentStatus>;
  severity: Severity | null;
  notify: boolean;
  created_at: string;
  updated_at: string;
}
