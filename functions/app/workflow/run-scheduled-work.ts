// The scheduler's sweep: everything time-driven, run every minute on AWS (EventBridge Scheduler)
// and every few seconds in the local stack, and once when the local stack starts.
//   1. maintenance windows due to start or end move (auto_transition), components follow;
//   2. windows starting within config.maintenance.reminder_minutes get their subscriber reminder;
//   3. open incidents overdue for a public update are recorded and their responders reminded.
// Every step is idempotent per event (see each file), so sweeps may overlap, be retried or be
// missed: the next sweep does what is due, once. A failure on one window or incident is logged
// and reported without stopping the others.
import type { IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import { remindOfMaintenance } from './maintenance-reminders';
import { runDueTransition, type BlockedTransition, type Transition } from './maintenance-transitions';
import { remindIfOverdue, type OverdueOutcome } from './overdue-reminders';
import type { WorkflowDeps } from './workflow-deps';

export interface ScheduledWorkReport {
  now: string;
  transitions: Transition[];
  /** Moves that can never be saved (too many components): those windows' auto_transition was turned off. */
  blocked: BlockedTransition[];
  /** Windows whose reminder this sweep posted. */
  maintenance_reminders: string[];
  /** Incidents overdue for a public update at `now`. */
  overdue: OverdueOutcome[];
  errors: Array<{ subject: string; error: string }>;
}

const processOwner = `scheduler-${globalThis.crypto.randomUUID()}`;

export async function runScheduledWork(deps: WorkflowDeps, at: string): Promise<ScheduledWorkReport> {
  const now = new Date(at).toISOString();
  const report: ScheduledWorkReport = { now, transitions: [], blocked: [], maintenance_reminders: [], overdue: [], errors: [] };
  const owner = deps.owner ?? processOwner;
  const attempt = async <T>(subject: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      report.errors.push({ subject, error: String(error) });
      deps.log.error('scheduled work failed; the next sweep tries again', { subject, error: String(error) });
      return undefined;
    }
  };

  const windows = (await attempt('maintenances', () => deps.store.maintenances.open())) ?? ([] as MaintenanceWithUpdates[]);
  for (const window of windows) {
    const moved = await attempt(`maintenance ${window.id}`, () => runDueTransition(deps, window, now));
    if (moved && 'reason' in moved) {
      report.blocked.push(moved);
      continue;
    }
    if (moved) {
      report.transitions.push(moved);
      continue;
    }
    if (moved === undefined) continue;
    if (await attempt(`maintenance ${window.id} reminder`, () => remindOfMaintenance(deps, window, now))) {
      report.maintenance_reminders.push(window.id);
    }
  }

  const open = (await attempt('incidents', () => deps.store.incidents.list('open', 1000))) ?? ([] as IncidentWithUpdates[]);
  for (const incident of open) {
    const outcome = await attempt(`incident ${incident.id}`, () => remindIfOverdue(deps, incident, now, owner));
    if (outcome) report.overdue.push(outcome);
  }

  if (report.transitions.length + report.blocked.length + report.maintenance_reminders.length + report.errors.length > 0 || report.overdue.some((o) => o.recorded || o.mailed > 0)) {
    deps.log.info('scheduled work', {
      now,
      transitions: report.transitions,
      blocked: report.blocked,
      maintenance_reminders: report.maintenance_reminders,
      overdue: report.overdue.filter((o) => o.recorded || o.mailed > 0),
      errors: report.errors.length,
    });
  }
  return report;
}
