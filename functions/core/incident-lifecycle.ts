// Which status an incident update may move an incident to (CONTRACT §1), and time spent per status.

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

export function checkIncidentTransition(input: {
  from: IncidentStatus;
  to: IncidentStatus;
  /** Minutes the incident has spent in `monitoring` so far (see minutesInStatus). */
  monitoringMinutes: number;
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
  if (kind === 'resolve' && !(monitoringMinutes >= EARLY_RESOLVE_MINUTES)) {
    const minutes = Number.isFinite(monitoringMinutes) ? Math.max(0, Math.floor(monitoringMinutes)) : 0;
    warnings.push(
      `Closed after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} in monitoring, fewer than ` +
        `${EARLY_RESOLVE_MINUTES}: an incident resolved before its fix has been watched may come back unnoticed.`,
    );
  }
  return { ok: true, kind, warnings };
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
