// auto_transition: a window moves to in_progress at scheduled_for and to completed at
// scheduled_until, through the same use case a responder's update goes through (so components go
// under maintenance and back, and subscribers are mailed). Each move is posted only from the
// status the sweep saw (`from`), so two sweeps, or a sweep and a responder, never post it twice.
import { ChangeTooLargeError } from '#core/change-limits';
import { ConflictError } from '#core/errors';
import { dueMaintenanceTransition, type MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { MaintenanceWithUpdates } from '#core/model';
import { postMaintenanceUpdate } from '../maintenances/post-maintenance-update';
import { untilSaved } from '../optimistic';
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

/** A due move that can never be saved: the window's auto_transition was turned off instead. */
export interface BlockedTransition {
  maintenance_id: string;
  to: MaintenanceStatus;
  reason: string;
}

/**
 * Posts the move due at `now`; null when none is due or somebody moved the window first; a
 * BlockedTransition when the move can never be saved (the window was marked and left alone).
 */
export async function runDueTransition(
  deps: WorkflowDeps,
  window: MaintenanceWithUpdates,
  now: string,
): Promise<Transition | BlockedTransition | null> {
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
    if (error instanceof ChangeTooLargeError) {
      // Retrying cannot help: stop moving this window on its own, say why, and let the sweep go on.
      await stopAutoTransition(deps, window.id, error.message, now);
      deps.log.error('maintenance cannot move on its own; auto_transition turned off', {
        maintenance_id: window.id, from: window.status, to, reason: error.message,
      });
      return { maintenance_id: window.id, to, reason: error.message };
    }
    throw error;
  }
  return { maintenance_id: window.id, from: window.status, to };
}

/** Turns auto_transition off with the reason, so later sweeps leave the window to its responders. */
async function stopAutoTransition(deps: WorkflowDeps, maintenanceId: string, reason: string, now: string): Promise<void> {
  await deps.locks.run(`maintenance:${maintenanceId}`, () =>
    untilSaved(async () => {
      const current = await deps.store.maintenances.get(maintenanceId);
      if (!current?.auto_transition) return { outcome: 'saved' as const, result: undefined };
      const { updates: _updates, ...meta } = current;
      const next = { ...meta, auto_transition: false, auto_transition_error: reason, updated_at: now, version: meta.version + 1 };
      return { outcome: await deps.store.maintenances.save(next, current.version), result: undefined };
    }),
  );
}
