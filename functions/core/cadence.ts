// What an incident owes over time, by its severity's policy (CONTRACT §1): a public update every so
// often while it is open (the update cadence), and a postmortem within so many hours of its
// resolution. Pure: the time comes in as a parameter.
import { isOpenStatus, type IncidentStatus } from './incident-lifecycle';
import type { PostmortemPolicy, SeverityPolicy } from './severity';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface CadenceSubject {
  status: IncidentStatus;
  /** When the last public update was posted. */
  last_update_at: string;
  /** The last public update's promise ("next update by"); absent or null: none was made. */
  next_update_at?: string | null;
}

/** The cadence's rule: last_update_at + the fixed cadence's minutes; null when there is none. */
function cadenceDue(incident: CadenceSubject, policy: Pick<SeverityPolicy, 'update_cadence'>): string | null {
  const cadence = policy.update_cadence;
  if (cadence.kind !== 'fixed') return null;
  const last = Date.parse(incident.last_update_at);
  if (Number.isNaN(last)) return null;
  return new Date(last + cadence.minutes * MINUTE_MS).toISOString();
}

/**
 * When the next public update is due, for an open incident: the promise its last update made
 * (`next_update_at`), else (incidents stored without one) last_update_at + the fixed cadence's
 * minutes; null otherwise (resolved, or no promise and "at milestones" / "none").
 */
export function nextUpdateDue(incident: CadenceSubject, policy: Pick<SeverityPolicy, 'update_cadence'>): string | null {
  if (!isOpenStatus(incident.status)) return null;
  return incident.next_update_at ?? cadenceDue(incident, policy);
}

/**
 * Since when the incident is overdue for an update, or null when it is not (yet). A promise is
 * broken once `now` is past it (an update posted at the promised minute keeps it); the cadence's
 * rule, for incidents without one, holds from the due time on. An overdue spell ends with the next
 * update; it is identified by the last_update_at it started from.
 */
export function overdueSince(
  incident: CadenceSubject,
  policy: Pick<SeverityPolicy, 'update_cadence'>,
  now: string,
): string | null {
  const due = nextUpdateDue(incident, policy);
  if (due === null) return null;
  const promised = incident.next_update_at !== undefined && incident.next_update_at !== null;
  const late = promised ? Date.parse(now) > Date.parse(due) : Date.parse(now) >= Date.parse(due);
  return late ? due : null;
}

/** How far ahead a responder may promise the next update. */
export const MAX_PROMISE_HOURS = 24;

export type PromiseResult = { ok: true; next_update_at: string | null } | { ok: false; reason: string };

/**
 * The "next update by" an update carries (CONTRACT addition, issue 11): null for a resolved
 * update; the responder's time when given (after `at`, at most MAX_PROMISE_HOURS ahead); else
 * `at` + the severity's fixed cadence (null for "at milestones" and "none").
 */
export function updatePromise(input: {
  status: IncidentStatus;
  /** When the update is posted. */
  at: string;
  requested?: string | undefined;
  policy: Pick<SeverityPolicy, 'update_cadence'>;
}): PromiseResult {
  const { status, at, requested, policy } = input;
  if (!isOpenStatus(status)) {
    return requested === undefined ? { ok: true, next_update_at: null } : { ok: false, reason: 'a resolved update promises no next update' };
  }
  if (requested === undefined) return { ok: true, next_update_at: cadenceDue({ status, last_update_at: at }, policy) };
  const promised = Date.parse(requested);
  if (Number.isNaN(promised)) return { ok: false, reason: 'not a time' };
  if (promised <= Date.parse(at)) return { ok: false, reason: 'must be in the future' };
  if (promised > Date.parse(at) + MAX_PROMISE_HOURS * HOUR_MS) return { ok: false, reason: `at most ${MAX_PROMISE_HOURS} hours ahead` };
  return { ok: true, next_update_at: new Date(promised).toISOString() };
}

/** An update that follows one which promised the next by `promised`: was the promise kept? */
export function promiseKept(promised: string, postedAt: string): boolean {
  return Date.parse(postedAt) <= Date.parse(promised);
}

export interface PostmortemSubject {
  status: IncidentStatus;
  resolved_at: string | null;
  postmortem: { published: boolean } | null;
}

/**
 * Where an incident's postmortem stands:
 * - open: not resolved yet, the clock has not started;
 * - not_required: the severity asks for none;
 * - published;
 * - optional: the severity makes it optional (never overdue);
 * - due / overdue: required, before / from `due_at` (resolved_at + within_hours).
 */
export type PostmortemState = 'open' | 'not_required' | 'published' | 'optional' | 'due' | 'overdue';

export interface PostmortemStanding {
  state: PostmortemState;
  requirement: PostmortemPolicy['requirement'];
  /** resolved_at + within_hours; null while open or when the policy sets no deadline. */
  due_at: string | null;
}

export function postmortemStanding(
  incident: PostmortemSubject,
  policy: Pick<SeverityPolicy, 'postmortem'>,
  now: string,
): PostmortemStanding {
  const { requirement, within_hours } = policy.postmortem;
  const resolvedAt = isOpenStatus(incident.status) || incident.resolved_at === null ? null : Date.parse(incident.resolved_at);
  const due_at =
    resolvedAt === null || Number.isNaN(resolvedAt) || within_hours === null || requirement === 'none'
      ? null
      : new Date(resolvedAt + within_hours * HOUR_MS).toISOString();
  const standing = (state: PostmortemState): PostmortemStanding => ({ state, requirement, due_at });
  if (incident.postmortem?.published === true) return standing('published');
  if (requirement === 'none') return standing('not_required');
  if (resolvedAt === null) return standing('open');
  if (requirement === 'optional') return standing('optional');
  return standing(due_at !== null && Date.parse(now) >= Date.parse(due_at) ? 'overdue' : 'due');
}
