// An incident's internal timeline: what responders did and when (declared, severity changed, role
// assigned, update posted, components changed, postmortem published, update overdue, a note). Kept for
// responders and the postmortem, never shown on the public page. Events are derived from the
// change that caused them, by pure functions, and stored with it in one transaction.
import type { Incident, IncidentRoles, IncidentUpdate } from './model';

export const TIMELINE_EVENT_KINDS = [
  'declared',
  'title_changed',
  'severity_changed',
  'started_at_changed',
  'role_assigned',
  'update_posted',
  'components_changed',
  'postmortem_published',
  'update_overdue',
  'note',
] as const;
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];

export const INCIDENT_ROLES = ['commander', 'comms', 'scribe', 'tech_lead'] as const satisfies ReadonlyArray<keyof IncidentRoles>;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

const ROLE_LABEL: Readonly<Record<IncidentRole, string>> = {
  commander: 'Incident commander',
  comms: 'Communications lead',
  scribe: 'Scribe',
  tech_lead: 'Technical lead',
};

export interface TimelineEvent {
  incident_id: string;
  /** Tells apart the events of one instant and orders them: `<version>.<i>` of the change that made them. */
  n: string;
  at: string;
  kind: TimelineEventKind;
  /** The API key's name, or `herald` for the scheduler; null when unknown. */
  actor: string | null;
  /** One line for people. */
  summary: string;
  /** The facts, kind by kind (plain JSON). */
  details: Record<string, unknown>;
}

type Draft = Pick<TimelineEvent, 'kind' | 'summary' | 'details'>;

/** The events of one change, numbered after the incident version it produced. */
function stamp(incidentId: string, version: number, at: string, actor: string | null, drafts: Draft[]): TimelineEvent[] {
  const v = String(version).padStart(6, '0');
  return drafts.map((draft, i) => ({ incident_id: incidentId, n: `${v}.${i}`, at, actor, ...draft }));
}

/** `2026-11-27T09:05:31.000Z` → `2026-11-27 09:05 UTC`. */
export function utcMinute(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** 95 → `1 h 35 min`; 0.4 → `0 min`. */
export function humanMinutes(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', mins || (!days && !hours) ? `${mins} min` : ''];
  return parts.filter(Boolean).join(' ');
}

/** First line of a Markdown message, shortened for a one-line summary. */
export function excerpt(markdown: string, max = 120): string {
  const line = markdown.trim().split('\n')[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function componentsDraft(update: IncidentUpdate): Draft[] {
  const moved = update.component_changes.filter((c) => c.old_status !== c.new_status);
  if (moved.length === 0) return [];
  return [
    {
      kind: 'components_changed',
      summary: `Components: ${moved.map((c) => `${c.name} ${c.old_status} → ${c.new_status}`).join(', ')}`,
      details: { update_seq: update.seq, changes: moved.map((c) => ({ id: c.id, name: c.name, from: c.old_status, to: c.new_status })) },
    },
  ];
}

/** Declaring: the declaration itself and the components it moved. */
export function declarationEvents(incident: Incident, update: IncidentUpdate): TimelineEvent[] {
  return stamp(incident.id, incident.version, update.created_at, update.posted_by, [
    {
      kind: 'declared',
      summary: `Declared ${incident.severity} (${incident.status}): ${incident.title}`,
      details: {
        severity: incident.severity,
        status: incident.status,
        title: incident.title,
        notify: update.notify,
        message: update.message,
        next_update_at: update.next_update_at ?? null,
      },
    },
    ...componentsDraft(update),
  ]);
}

/** Posting an update to `before`, producing an incident at `version`. */
export function updateEvents(before: Incident, update: IncidentUpdate, version: number): TimelineEvent[] {
  const moved = before.status === update.status ? update.status : `${before.status} → ${update.status}`;
  return stamp(before.id, version, update.created_at, update.posted_by, [
    {
      kind: 'update_posted',
      summary: `Update #${update.seq} (${moved})${update.notify ? ', subscribers notified' : ''}: ${excerpt(update.message)}`,
      details: {
        seq: update.seq,
        from: before.status,
        to: update.status,
        notify: update.notify,
        message: update.message,
        next_update_at: update.next_update_at ?? null,
      },
    },
    ...componentsDraft(update),
  ]);
}

const who = (name: string | null | undefined) => name ?? null;

/** Editing an incident's own fields (title, severity, start, roles). */
export function editEvents(before: Incident, after: Incident, actor: string | null, at: string): TimelineEvent[] {
  const drafts: Draft[] = [];
  if (after.title !== before.title) {
    drafts.push({ kind: 'title_changed', summary: `Title: ${after.title}`, details: { from: before.title, to: after.title } });
  }
  if (after.severity !== before.severity) {
    drafts.push({
      kind: 'severity_changed',
      summary: `Severity ${before.severity} → ${after.severity}`,
      details: { from: before.severity, to: after.severity, impact: after.impact },
    });
  }
  if (after.started_at !== before.started_at) {
    drafts.push({
      kind: 'started_at_changed',
      summary: `Impact start set to ${after.started_at}`,
      details: { from: before.started_at, to: after.started_at },
    });
  }
  for (const role of INCIDENT_ROLES) {
    const from = who(before.roles[role]);
    const to = who(after.roles[role]);
    if (from === to) continue;
    drafts.push({
      kind: 'role_assigned',
      summary: to === null ? `${ROLE_LABEL[role]}: unassigned (was ${from})` : `${ROLE_LABEL[role]}: ${to}${from ? ` (was ${from})` : ''}`,
      details: { role, from, to },
    });
  }
  return stamp(after.id, after.version, at, actor, drafts);
}

/** Saving a postmortem: an event when it goes from unpublished to published. */
export function postmortemEvents(before: Incident, after: Incident, actor: string | null, at: string): TimelineEvent[] {
  if (!after.postmortem?.published || before.postmortem?.published) return [];
  return stamp(after.id, after.version, at, actor, [
    { kind: 'postmortem_published', summary: 'Postmortem published', details: { published_at: after.postmortem.published_at } },
  ]);
}

/** The scheduler found the incident overdue for a public update (one event per overdue spell). */
export function overdueEvent(input: {
  incident: Pick<Incident, 'id' | 'severity' | 'last_update_at'>;
  since: string;
  /** The severity's cadence; null when the overdue time was the last update's promise. */
  cadenceMinutes: number | null;
  at: string;
  actor: string;
  responders: number;
}): TimelineEvent {
  const { incident, since, cadenceMinutes, at, actor, responders } = input;
  return {
    incident_id: incident.id,
    n: `overdue.${incident.last_update_at}`,
    at,
    kind: 'update_overdue',
    actor,
    summary:
      `Public update overdue since ${since} (${cadenceMinutes === null ? 'the time the last update promised' : `${incident.severity}: every ${cadenceMinutes} min`})` +
      (responders > 0 ? `; reminder mailed to ${responders} responder${responders === 1 ? '' : 's'}` : ''),
    details: { since, last_update_at: incident.last_update_at, cadence_minutes: cadenceMinutes, responders },
  };
}

/** How long an internal note may be (Markdown characters). */
export const MAX_NOTE_LENGTH = 10_000;

/**
 * A responder's internal note: for the timeline only, never published. `n` tells apart notes of
 * one instant (`note.<unique>`, chosen by the caller).
 */
export function noteEvent(input: { incidentId: string; unique: string; at: string; actor: string | null; message: string }): TimelineEvent {
  return {
    incident_id: input.incidentId,
    n: `note.${input.unique}`,
    at: input.at,
    kind: 'note',
    actor: input.actor,
    summary: `Note: ${excerpt(input.message)}`,
    details: { message: input.message },
  };
}

/** Oldest first; events of one instant in the order their change made them. */
export function byTime(a: TimelineEvent, b: TimelineEvent): number {
  return a.at.localeCompare(b.at) || a.n.localeCompare(b.n);
}
