// The reminder before a window starts (config.maintenance.reminder_minutes, default 60): a
// `scheduled` update with notify, so the mailer tells the window's subscribers through the path
// every other update takes. It is claimed with an idempotency record keyed by the window and its
// start, written in the same transaction as the update: whatever the sweeps and retries, one
// reminder per start time (moving the start arms it again).
import { ConflictError, IdempotencyKeyTakenError } from '#core/errors';
import type { MaintenanceWithUpdates } from '#core/model';
import { utcMinute } from '#core/timeline';
import type { IdempotencyClaim } from '../context';
import { postMaintenanceUpdate } from '../maintenances/post-maintenance-update';
import { SYSTEM_ACTOR, type WorkflowDeps } from './workflow-deps';

/** The idempotency scope of the scheduler's claims (API keys' scopes are their names). */
export const SCHEDULER_SCOPE = 'system:scheduler';
const KEEP_SECONDS = 30 * 24 * 3600;
const MINUTE_MS = 60_000;

export function reminderKey(window: Pick<MaintenanceWithUpdates, 'id' | 'scheduled_for'>): string {
  return `maintenance-reminder#${window.id}#${window.scheduled_for}`;
}

/**
 * Whether the reminder is due at `now`: the window is still scheduled, starts within the next
 * `minutes`, was announced before that period began (otherwise the announcement was the reminder),
 * and was announced with notify.
 */
export function reminderDue(window: MaintenanceWithUpdates, minutes: number, now: string): boolean {
  if (minutes <= 0 || window.status !== 'scheduled') return false;
  const start = Date.parse(window.scheduled_for);
  const opens = start - minutes * MINUTE_MS;
  const at = Date.parse(now);
  if (at < opens || at >= start) return false;
  if (Date.parse(window.created_at) > opens) return false;
  const announcement = [...window.updates].sort((a, b) => a.seq - b.seq)[0];
  return announcement?.notify !== false;
}

export function reminderMessage(window: Pick<MaintenanceWithUpdates, 'scheduled_for' | 'scheduled_until'>): string {
  return `Reminder: this scheduled maintenance starts at ${utcMinute(window.scheduled_for)} and is expected to last until ${utcMinute(window.scheduled_until)}.`;
}

/** Posts the reminder if it is due and was not posted before; true when this call posted it. */
export async function remindOfMaintenance(deps: WorkflowDeps, window: MaintenanceWithUpdates, now: string): Promise<boolean> {
  if (!reminderDue(window, deps.config.maintenance.reminder_minutes, now)) return false;
  const key = reminderKey(window);
  if (await deps.store.idempotency.find(SCHEDULER_SCOPE, key)) return false;
  const claim: IdempotencyClaim = {
    scope: SCHEDULER_SCOPE,
    key,
    fingerprint: key,
    expiresAt: Math.floor(Date.parse(window.scheduled_until) / 1000) + KEEP_SECONDS,
    respond: () => ({ status: 200, body: { maintenance_id: window.id, reminded_for: window.scheduled_for, at: now } }),
  };
  try {
    await postMaintenanceUpdate(
      deps,
      window.id,
      { status: 'scheduled', message: reminderMessage(window), notify: true, from: ['scheduled'] },
      { actor: SYSTEM_ACTOR, now, idempotency: claim },
    );
    return true;
  } catch (error) {
    // Claimed by another sweep, or the window started or was completed meanwhile.
    if (error instanceof IdempotencyKeyTakenError || error instanceof ConflictError) return false;
    throw error;
  }
}
