// Scheduled maintenance: which moves an update may make, and what auto_transition is due to do.

/** In the order a window goes through them; moves only go forward. */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** In progress or verifying: its components are under maintenance. */
export function isActiveMaintenance(status: MaintenanceStatus): boolean {
  return status === 'in_progress' || status === 'verifying';
}

/**
 * Forward moves, skips included (scheduled → completed closes a cancelled window); the same status
 * again is a progress update, except on `completed`, which is final.
 */
export function checkMaintenanceTransition(
  from: MaintenanceStatus,
  to: MaintenanceStatus,
): { ok: true } | { ok: false; reason: string } {
  if (from === 'completed') {
    return { ok: false, reason: `A completed maintenance is final; it cannot move to ${to}.` };
  }
  if (MAINTENANCE_STATUSES.indexOf(to) < MAINTENANCE_STATUSES.indexOf(from)) {
    return {
      ok: false,
      reason: `A maintenance only moves forward (scheduled, in_progress, verifying, completed), not from ${from} back to ${to}.`,
    };
  }
  return { ok: true };
}

/**
 * The status auto_transition should move the window to at `now`, or null when nothing is due:
 * scheduled → in_progress from `scheduled_for`; in_progress or verifying → completed from
 * `scheduled_until`; a scheduled window whose start and end have both passed → completed at once.
 */
export function dueMaintenanceTransition(
  m: {
    status: MaintenanceStatus;
    scheduled_for: string;
    scheduled_until: string;
    auto_transition: boolean;
  },
  now: string,
): MaintenanceStatus | null {
  if (!m.auto_transition) return null;
  const at = Date.parse(now);
  const started = at >= Date.parse(m.scheduled_for);
  const ended = at >= Date.parse(m.scheduled_until);
  switch (m.status) {
    case 'scheduled':
      if (started && ended) return 'completed';
      return started ? 'in_progress' : null;
    case 'in_progress':
    case 'verifying':
      return ended ? 'completed' : null;
    case 'completed':
      return null;
  }
}

/**
 * Whether a window was cancelled: completed before it ever started. Cancelling marks it
 * (`cancelled_at`); a window closed straight from `scheduled` before its end (the console's
 * "cancel", a final `completed` update) counts too. A window the scheduler completed at once
 * because its start and end had both passed is not cancelled: it completes at or after its end.
 */
export function isCancelledMaintenance(m: {
  status: MaintenanceStatus;
  cancelled_at?: string | null;
  started_at: string | null;
  completed_at: string | null;
  scheduled_until: string;
}): boolean {
  if (m.status !== 'completed') return false;
  if (m.cancelled_at !== undefined && m.cancelled_at !== null) return true;
  return m.started_at === null && m.completed_at !== null && Date.parse(m.completed_at) < Date.parse(m.scheduled_until);
}

/** Whether a window may be cancelled: only while it has not started (still `scheduled`). */
export function checkMaintenanceCancel(m: {
  status: MaintenanceStatus;
  started_at: string | null;
}): { ok: true } | { ok: false; reason: string } {
  if (m.status === 'scheduled' && m.started_at === null) return { ok: true };
  if (m.status === 'completed') return { ok: false, reason: 'The maintenance is completed; a completed window is final and cannot be cancelled.' };
  return { ok: false, reason: `The maintenance has started (${m.status}); only a window that has not started can be cancelled. Post a completed update to end it.` };
}
