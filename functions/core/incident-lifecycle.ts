// Which status an incident update may move an incident to (CONTRACT §1), what the move warns
// about, and time spent per status.
import type { ComponentStatus } from './component-status';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const OPEN_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
export type OpenIncidentStatus = (typeof OPEN_INCIDENT_STATUSES)[number];

export function isOpenStatus(status: IncidentStatus): status is OpenIncidentStatus {
  return (OPEN_INCIDENT_STATUSES as ReadonlyArray<IncidentStatus>).includes(status);
}

/** Resolving before this long in `monitoring` succeeds with a warning. */
export const EARLY_RESOLVE_MINUTES = 30;

/**
 * - progress: same open status (a progress update)
 * - advance / fallback: to a later / earlier open status
 * - resolve: open → resolved
 * - addendum: resolved → resolved
 * - reopen: resolved → investigating
 */
export type TransitionKind = 'progress' | 'advance' | 'fallback' | 'resolve' | 'addendum' | 'reopen';

export type TransitionCheck =
  | { ok: true; kind: TransitionKind; warnings: string[] }
  | { ok: false; reason: string };

/** Every allowed move; a pair that is absent is forbidden (409). */
const TRANSITIONS: Readonly<
  Record<IncidentStatus, Readonly<Partial<Record<IncidentStatus, TransitionKind>>>>
> = {
  investigating: {
    investigating: 'progress',
    identified: 'advance',
    monitoring: 'advance',
    resolved: 'resolve',
  },
  identified: {
    investigating: 'fallback',
    identified: 'progress',
    monitoring: 'advance',
    resolved: 'resolve',
  },
  monitoring: {
    investigating: 'fallback',
    identified: 'fallback',
    monitoring: 'progress',
    resolved: 'resolve',
  },
  resolved: {
    investigating: 'reopen',
    resolved: 'addendum',
  },
};

/** A component as the incident leaves it: its status once the update is applied. */
export interface ComponentAfter {
  id: string;
  name: string;
  status: ComponentStatus;
}

/**
 * The components an incident would leave looking broken: not operational and not under
 * maintenance (a maintenance window explains those).
 */
export function componentsLeftDown(components: ReadonlyArray<ComponentAfter>): ComponentAfter[] {
  return components.filter((c) => c.status !== 'operational' && c.status !== 'under_maintenance');
}

export function checkIncidentTransition(input: {
  from: IncidentStatus;
  to: IncidentStatus;
  /** Minutes the incident has spent in `monitoring` so far (see minutesInStatus). */
  monitoringMinutes: number;
  /** Whether it was ever in `monitoring` (a short spell rounds to 0 minutes); default: it is in
   * monitoring now or spent time there. */
  enteredMonitoring?: boolean;
  /** The incident's components as this update leaves them: resolving warns about any left down. */
  components?: ReadonlyArray<ComponentAfter>;
  /** Whether this update notifies subscribers: an addendum that does not says so. */
  notify?: boolean;
}): TransitionCheck {
  const { from, to, monitoringMinutes } = input;
  const kind = TRANSITIONS[from][to];
  if (kind === undefined) {
    return {
      ok: false,
      reason:
        from === 'resolved'
          ? `A resolved incident can only be reopened (investigating) or given an addendum (resolved), not moved to ${to}.`
          : `An incident cannot move from ${from} to ${to}.`,
    };
  }
  const warnings: string[] = [];
  if (kind === 'resolve') {
    const early = earlyResolveWarning(monitoringMinutes, input.enteredMonitoring ?? (from === 'monitoring' || monitoringMinutes > 0));
    if (early) warnings.push(early);
    const down = componentsLeftDown(input.components ?? []);
    if (down.length > 0) warnings.push(leftDownWarning(down));
  }
  if (kind === 'addendum' && input.notify !== true) {
    warnings.push(
      'This follow-up on a resolved incident notifies nobody: subscribers were told when it was resolved. ' +
        'It shows on the page; post it with "notify": true to mail them as well.',
    );
  }
  return { ok: true, kind, warnings };
}

function earlyResolveWarning(monitoringMinutes: number, enteredMonitoring: boolean): string | null {
  if (monitoringMinutes >= EARLY_RESOLVE_MINUTES) return null;
  const why = 'an incident resolved before its fix has been watched may come back unnoticed.';
  if (!enteredMonitoring) {
    return `Resolved without a monitoring period (${EARLY_RESOLVE_MINUTES} minutes is the practice): ${why}`;
  }
  const minutes = Number.isFinite(monitoringMinutes) ? Math.max(0, Math.floor(monitoringMinutes)) : 0;
  return (
    `Closed after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} in monitoring, fewer than ` +
    `${EARLY_RESOLVE_MINUTES}: ${why}`
  );
}

function leftDownWarning(down: ReadonlyArray<ComponentAfter>): string {
  const list = down.map((c) => `${c.name} (${c.status})`).join(', ');
  const count = down.length === 1 ? '1 of its components is' : `${down.length} of its components are`;
  return (
    `Resolved while ${count} still not operational: ${list}. The page keeps showing ` +
    `${down.length === 1 ? 'it' : 'them'} so, with no open incident to explain it; set ` +
    `${down.length === 1 ? 'it' : 'them'} with "components", or "restore_components": true to make the ` +
    "incident's components operational in the same update."
  );
}

/**
 * Total minutes spent in `status` across a timeline. Each update's status lasts until the next
 * update (or `now`, for the last one). Updates are taken in time order whatever order they come
 * in; a span that would be negative (a clock that went backwards) counts as zero.
 */
export function minutesInStatus(
  updates: ReadonlyArray<{ status: IncidentStatus; created_at: string }>,
  status: IncidentStatus,
  now: string,
): number {
  const timeline = updates
    .map((u) => ({ status: u.status, at: Date.parse(u.created_at) }))
    .sort((a, b) => a.at - b.at);
  const end = Date.parse(now);
  let ms = 0;
  timeline.forEach((update, i) => {
    if (update.status !== status) return;
    const until = timeline[i + 1]?.at ?? end;
    ms += Math.max(0, until - update.at);
  });
  return ms / 60_000;
}
