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
