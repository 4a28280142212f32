// The team's own incident channel: on every change to an incident, public or not (declared,
// severity changed, roles assigned, each update, notes, resolved, postmortem due…), the seeds'
// internal update — `SEV1 · Checkout · Investigating`, impact, current action, lead, when the next
// public update is due — as JSON for a webhook, or a Slack or Teams message. Built only for
// endpoints marked internal: index.ts never gives it to a public one.
import type { ChannelChange } from '#app/channels/change';
import { nextUpdateDue } from '#core/cadence';
import type { IncidentWithUpdates } from '#core/model';
import { markdownToText } from '#content/markdown';
import { IMPACT_LABEL, INCIDENT_STATUS_LABEL } from '#publisher/render/format';
import { severityPolicy, type ChannelContext } from './context.ts';
import { slackEscape, slackFacts, slackHeader, slackLink, fitSection, toSlackMrkdwn, type SlackMessage } from './slack.ts';
import { incidentComponents, incidentUrl, updateOf } from './summary.ts';
import { teamsCard, toTeamsMarkdown, type TeamsMessage } from './teams.ts';

/** The internal update (the JSON a webhook receives; Slack and Teams show the same facts). */
export interface InternalUpdate {
  type: 'herald.internal';
  incident_id: string;
  /** What happened: a timeline event kind (`declared`, `severity_changed`, `role_assigned`,
   * `note`…) or, for a posted update, `declared` / `update_posted` / `resolved`. */
  event: string;
  /** `SEV1 · Checkout · Investigating`: severity · title · status. */
  headline: string;
  severity: string;
  title: string;
  status: string;
  impact: string;
  components: string[];
  /** One line for people: the event's summary. */
  summary: string;
  /** The latest public message, or the note this event is (plain text). */
  current_action: string;
  /** The incident commander; null: unassigned. */
  lead: string | null;
  /** ISO 8601 UTC; null when none is due (resolved, or no cadence and no promise). */
  next_update_due: string | null;
  /** `next public update due 14:30 UTC`; null as above. */
  next_update_due_label: string | null;
  url: string;
  at: string;
}

/** `14:30 UTC`, with the date when it falls on another UTC day than `at`. */
function dueLabel(due: string, at: string): string {
  const hhmm = `${due.slice(11, 16)} UTC`;
  return due.slice(0, 10) === at.slice(0, 10) ? hhmm : `${due.slice(0, 10)} ${hhmm}`;
}

interface Happening {
  event: string;
  summary: string;
  /** Markdown. */
  action: string;
}

function happening(change: ChannelChange & { type: 'incident_update' | 'internal_event' }): Happening {
  const latest = updateOf(change.incident.updates, Number.MAX_SAFE_INTEGER)?.message ?? '';
  if (change.type === 'internal_event') {
    const { event } = change;
    const note = event.kind === 'note' && typeof event.details.message === 'string' ? event.details.message : null;
    return { event: event.kind, summary: event.summary, action: note ?? latest };
  }
  const update = updateOf(change.incident.updates, change.seq);
  const status = update?.status ?? change.incident.status;
  const kind = update?.seq === 1 ? 'declared' : status === 'resolved' ? 'resolved' : 'update_posted';
  const summary =
    kind === 'declared'
      ? `Declared ${change.incident.severity} (${INCIDENT_STATUS_LABEL[status]})`
      : kind === 'resolved'
        ? `Resolved (update #${update?.seq ?? change.seq})`
        : `Update #${update?.seq ?? change.seq} posted (${INCIDENT_STATUS_LABEL[status]})`;
  return { event: kind, summary, action: update?.message ?? latest };
}

function build(change: ChannelChange & { type: 'incident_update' | 'internal_event' }, ctx: ChannelContext): { update: InternalUpdate; action: string } {
  const incident: IncidentWithUpdates = change.incident;
  const what = happening(change);
  const status = INCIDENT_STATUS_LABEL[incident.status];
  const due = nextUpdateDue(incident, severityPolicy(ctx, incident.severity));
  const current = updateOf(incident.updates, change.type === 'incident_update' ? change.seq : Number.MAX_SAFE_INTEGER);
  return {
    action: what.action,
    update: {
      type: 'herald.internal',
      incident_id: incident.id,
      event: what.event,
      headline: `${incident.severity} · ${incident.title} · ${status}`,
      severity: incident.severity,
      title: incident.title,
      status,
      impact: IMPACT_LABEL[incident.impact],
      components: incidentComponents(ctx, incident, current),
      summary: what.summary,
      current_action: markdownToText(what.action),
      lead: incident.roles.commander ?? null,
      next_update_due: due,
      next_update_due_label: due === null ? null : `next public update due ${dueLabel(due, change.at)}`,
      url: incidentUrl(ctx, incident.id),
      at: change.at,
    },
  };
}

function facts(u: InternalUpdate): Array<{ title: string; value: string }> {
  return [
    { title: 'What happened', value: u.summary },
    { title: 'Impact', value: u.impact },
    { title: 'Lead', value: u.lead ?? 'unassigned' },
    { title: 'Next public update', value: u.next_update_due_label?.replace(/^next public update due /, 'due ') ?? 'none due' },
    ...(u.components.length > 0 ? [{ title: 'Components', value: u.components.join(', ') }] : []),
  ];
}

/** The internal update for an incident change (and its current action's Markdown); null for
 * other changes. */
export function internalUpdate(change: ChannelChange, ctx: ChannelContext): { update: InternalUpdate; action: string } | null {
  return change.type === 'incident_update' || change.type === 'internal_event' ? build(change, ctx) : null;
}

export function internalSlack(u: InternalUpdate, action: string): SlackMessage {
  const mrkdwn = action.trim() === '' ? '' : fitSection(`*Current action*\n${toSlackMrkdwn(action)}`);
  return {
    text: slackEscape(`${u.headline} — ${u.summary}`),
    blocks: [
      slackHeader(u.headline),
      slackFacts(facts(u)),
      ...(mrkdwn === '' ? [] : [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } }]),
      slackLink(u.url, 'View the incident'),
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}

export function internalTeams(u: InternalUpdate, action: string): TeamsMessage {
  const text = action.trim() === '' ? '' : `**Current action**\n\n${toTeamsMarkdown(action)}`;
  return teamsCard({ title: u.headline, facts: facts(u), text, url: u.url, linkLabel: 'View the incident' });
}
