// What an incident owes over time, by its severity's policy (CONTRACT §1): a public update every so
// often while it is open (the update cadence), and a postmortem within so many hours of its
// resolution. Pure: the time comes in as a parameter.
import { isOpenStatus, type IncidentStatus } from './incident-lifecycle';
import type { PostmortemPolicy, SeverityPolicy } from './severity';

const MINUTE_MS = 60_000;

export interface CadenceSubject {
  status: IncidentStatus;
  /** When the last public update was posted. */
  last_update_at: string;
}

/**
 * When the next public update is due: last_update_at + the cadence's minutes, for an open incident
 * whose severity has a fixed cadence; null otherwise (resolved, "at milestones", "none").
 */
export function nextUpdateDue(incident: CadenceSubject, policy: Pick<SeverityPolicy, 'update_cadence'>): string | null {
  const cadence = policy.update_cadence;
  if (!isOpenStatus(incident.status) || cadence.kind !== 'fixed') return null;
  const last = Date.parse(incident.last_update_at);
  if (Number.isNaN(last)) return null;
  return new Date(last + cadence.minutes * MINUTE_MS).toISOString();
}

/**
 * Since when the incident is overdue for an update, or null when it is not (yet). An overdue spell
 * starts when the next update was due and ends with the next update; it is identified by the
 * last_update_at it started from.
 */
export function overdueSince(
  incident: CadenceSubject,
  policy: Pick<SeverityPolicy, 'update_cadence'>,
  now: string,
): string | null {
  const due = nextUpdateDue(incident, policy);
  if (due === null) return null;
  return Date.parse(now) >= Date.parse(due) ? due : null;
}

const HOUR_MS = 3_600_000;

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
