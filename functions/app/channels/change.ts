// What the channels deliver: one change, as the delivery worker reads it from the table stream,
// handed to the payload builders (functions/channels/payloads/) for each endpoint's kind.
import type { ComponentStatus } from '#core/component-status';
import type { Component, IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import type { TimelineEvent } from '#core/timeline';

export type ChannelChange =
  /** A public incident update was posted (the incident as it stands after it, every update). */
  | { type: 'incident_update'; id: string; incident: IncidentWithUpdates; seq: number; at: string }
  /** A component's status changed (by an incident, a maintenance, or an edit). */
  | { type: 'component_status'; id: string; component: Component; old_status: ComponentStatus; new_status: ComponentStatus; at: string }
  /** A maintenance window's update was posted. */
  | { type: 'maintenance_update'; id: string; maintenance: MaintenanceWithUpdates; seq: number; at: string }
  /** An internal timeline event (declared, severity, roles, notes, postmortem due…): internal endpoints only. */
  | { type: 'internal_event'; id: string; incident: IncidentWithUpdates; event: TimelineEvent; at: string };

/** A request ready to send: the body exactly as signed, and the headers of its kind. */
export interface ChannelRequest {
  body: string;
  headers: Record<string, string>;
}
