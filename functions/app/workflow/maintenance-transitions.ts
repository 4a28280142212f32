// auto_transition: a window moves to in_progress at scheduled_for and to completed at
// scheduled_until, through the same use case a responder's update goes through (so components go
// under maintenance and back, and subscribers are mailed). Each move is posted only from the
// status the sweep saw (`from`), so two sweeps, or a sweep and a responder, never post it twice.
import { ConflictError } from '#core/errors';
import { dueMaintenanceTransition, type MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { MaintenanceWithUpdates } from '#core/model';
import { postMaintenanceUpdate } from '../maintenances/post-maintenance-update';
import { SYSTEM_ACTOR, type WorkflowDeps } from './workflow-deps';

export interface Transition {
  maintenance_id: string;
  from: MaintenanceStatus;
  to: MaintenanceStatus;
}

export function transitionMessage(from: MaintenanceStatus, to: MaintenanceStatus): string {
  if (to === 'in_progress') return 'Scheduled maintenance is now in progress. We will provide updates as necessary.';
  if (from === 'scheduled') return 'This scheduled maintenance window has ended.';
  return 'The scheduled maintenance has been completed.';
}

/** Posts the move due at `now`; null when none is due or somebody moved the window first. */
export async function runDueTransition(
  deps: WorkflowDeps,
  window: MaintenanceWithUpdates,
  now: string,
): Promise<Transition | null> {
  const to = dueMaintenanceTransition(window, now);
  if (to === null) return null;
  try {
    await postMaintenanceUpdate(
      deps,
      window.id,
      { status: to, message: transitionMessage(window.status, to), from: [window.status] },
      { actor: SYSTEM_ACTOR, now },
    );
  } catch (error) {
    if (error instanceof ConflictError) return null; // moved on meanwhile: the next sweep looks again
    throw error;
  }
  return { maintenance_id: window.id, from: window.status, to };
}
