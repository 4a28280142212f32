// One public change as the chat messages show it: title, status, impact, affected components,
// the message (Markdown, converted per chat) and the page it links to.
import type { ChannelChange } from '#app/channels/change';
import type { IncidentUpdate, IncidentWithUpdates, MaintenanceUpdate, MaintenanceWithUpdates } from '#core/model';
import { utcMinute } from '#core/timeline';
import { COMPONENT_STATUS_LABEL, IMPACT_LABEL, INCIDENT_STATUS_LABEL, MAINTENANCE_STATUS_LABEL } from '#publisher/render/format';
import { absoluteUrl, siteBase } from '#publisher/render/page-config';
import { incidentHref } from '#publisher/render/site-data';
import { spScheduledMaintenance } from '#publisher/statuspage/maintenances';
import { siteDataFor, type ChannelContext } from './context.ts';

export interface ChatFact {
  title: string;
  value: string;
}

export interface ChatSummary {
  /** The incident's or window's title, or `<component> is <status>`. */
  title: string;
  /** Status, impact, components and the like, in order: plain text (each chat escapes it). */
  facts: ChatFact[];
  /** Responder-written Markdown ('' when none). */
  message: string;
  /** Where to read more: the incident's page, the window's place, or the page. */
  url: string;
  /** What the link says. */
  linkLabel: string;
}

/** The update a change is about: the one with its seq, else the newest. */
export function updateOf<U extends IncidentUpdate | MaintenanceUpdate>(updates: ReadonlyArray<U>, seq: number): U | undefined {
  return updates.find((u) => u.seq === seq) ?? [...updates].sort((a, b) => b.seq - a.seq)[0];
}

function componentName(ctx: ChannelContext, id: string, known?: Record<string, string>): string {
  return ctx.components?.find((c) => c.id === id)?.name ?? known?.[id] ?? id;
}

/** "Checkout (Major outage)" for what the update moved; else the incident's components by name. */
export function incidentComponents(ctx: ChannelContext, incident: IncidentWithUpdates, update: IncidentUpdate | undefined): string[] {
  if (update && update.component_changes.length > 0) {
    return update.component_changes.map((c) => `${c.name} (${COMPONENT_STATUS_LABEL[c.new_status]})`);
  }
  return incident.component_ids.map((id) => componentName(ctx, id, incident.component_names));
}

export function incidentUrl(ctx: ChannelContext, incidentId: string): string {
  return absoluteUrl(ctx.page, incidentHref(incidentId));
}

function incidentSummary(ctx: ChannelContext, incident: IncidentWithUpdates, seq: number): ChatSummary {
  const update = updateOf(incident.updates, seq);
  const components = incidentComponents(ctx, incident, update);
  return {
    title: incident.title,
    facts: [
      { title: 'Status', value: INCIDENT_STATUS_LABEL[update?.status ?? incident.status] },
      { title: 'Impact', value: IMPACT_LABEL[incident.impact] },
      ...(components.length > 0 ? [{ title: 'Affected components', value: components.join(', ') }] : []),
    ],
    message: update?.message ?? '',
    url: incidentUrl(ctx, incident.id),
    linkLabel: 'View the incident',
  };
}

function maintenanceSummary(ctx: ChannelContext, m: MaintenanceWithUpdates, seq: number): ChatSummary {
  const update = updateOf(m.updates, seq);
  const components = m.component_ids.map((id) => componentName(ctx, id));
  return {
    title: m.title,
    facts: [
      { title: 'Status', value: MAINTENANCE_STATUS_LABEL[update?.status ?? m.status] },
      { title: 'Impact', value: 'Maintenance' },
      { title: 'Window', value: `${utcMinute(m.scheduled_for)} – ${utcMinute(m.scheduled_until)}` },
      ...(components.length > 0 ? [{ title: 'Affected components', value: components.join(', ') }] : []),
    ],
    message: update?.message ?? '',
    url: spScheduledMaintenance(siteDataFor(ctx), m).shortlink,
    linkLabel: 'View the maintenance',
  };
}

/** The public change as a chat summary; null for internal events. */
export function chatSummary(change: ChannelChange, ctx: ChannelContext): ChatSummary | null {
  switch (change.type) {
    case 'incident_update':
      return incidentSummary(ctx, change.incident, change.seq);
    case 'maintenance_update':
      return maintenanceSummary(ctx, change.maintenance, change.seq);
    case 'component_status': {
      const to = COMPONENT_STATUS_LABEL[change.new_status];
      return {
        title: `${change.component.name}: ${to}`,
        facts: [
          { title: 'Status', value: `${COMPONENT_STATUS_LABEL[change.old_status]} → ${to}` },
          { title: 'Component', value: change.component.name },
        ],
        message: '',
        url: `${siteBase(ctx.page)}/`,
        linkLabel: 'View the status page',
      };
    }
    case 'internal_event':
      return null;
  }
}
