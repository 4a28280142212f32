// Statuspage's webhook bodies, so that consumers written for Statuspage work unchanged:
// `{meta, page, incident}` for an incident's (or a maintenance window's) update and
// `{meta, page, component_update, component}` for a component's status change. The incident,
// maintenance and component objects are the publisher's /api/v2 ones (publisher/statuspage), field
// for field, plus the few fields Statuspage's webhook incident carries beyond its public API
// (postmortem_*, scheduled_*, backfilled, impact_override, and per update wants_twitter_update /
// twitter_updated_at), as the captures in test/fixtures/channels/ show.
import type { IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import { spComponent } from '#publisher/statuspage/components';
import { spIncident } from '#publisher/statuspage/incidents';
import { spScheduledMaintenance } from '#publisher/statuspage/maintenances';
import type { SpComponent, SpIncident, SpIncidentUpdate, SpScheduledMaintenance } from '#publisher/statuspage/types';
import type { ChannelChange } from '#app/channels/change';
import { siteBase } from '#publisher/render/page-config';
import { generatedAt, siteDataFor, type ChannelContext } from './context.ts';

export interface SpWebhookMeta {
  unsubscribe: string;
  documentation: string;
  generated_at: string;
}

export interface SpWebhookPage {
  id: string;
  status_indicator: string;
  status_description: string;
}

export interface SpWebhookIncidentUpdate extends SpIncidentUpdate {
  wants_twitter_update: boolean;
  twitter_updated_at: null;
}

/** Fields of Statuspage's webhook incident that its public API's incident lacks. */
export interface SpWebhookExtras {
  postmortem_ignored: boolean;
  postmortem_body: string | null;
  postmortem_body_last_updated_at: string | null;
  postmortem_published_at: string | null;
  postmortem_notified_subscribers: boolean;
  postmortem_notified_twitter: boolean;
  backfilled: boolean;
  scheduled_for: string | null;
  scheduled_until: string | null;
  scheduled_remind_prior: boolean;
  scheduled_reminded_at: string | null;
  impact_override: null;
  scheduled_auto_in_progress: boolean;
  scheduled_auto_completed: boolean;
}

export type SpWebhookIncident = Omit<SpIncident | SpScheduledMaintenance, 'incident_updates' | 'scheduled_for' | 'scheduled_until'> &
  SpWebhookExtras & { incident_updates: SpWebhookIncidentUpdate[] };

export interface SpIncidentWebhook {
  meta: SpWebhookMeta;
  page: SpWebhookPage;
  incident: SpWebhookIncident;
}

export interface SpComponentWebhook {
  meta: SpWebhookMeta;
  page: SpWebhookPage;
  component_update: {
    created_at: string;
    new_status: string;
    old_status: string;
    id: string;
    component_id: string;
    component_type: 'Component';
  };
  component: SpComponent;
}

export type SpWebhook = SpIncidentWebhook | SpComponentWebhook;

function meta(ctx: ChannelContext): SpWebhookMeta {
  const base = `${siteBase(ctx.page)}/`;
  return { unsubscribe: ctx.unsubscribeUrl ?? base, documentation: ctx.documentationUrl ?? base, generated_at: generatedAt(ctx) };
}

function page(ctx: ChannelContext): SpWebhookPage {
  return { id: ctx.page.id, status_indicator: ctx.pageStatus.indicator, status_description: ctx.pageStatus.description };
}

function withTwitter(update: SpIncidentUpdate): SpWebhookIncidentUpdate {
  // Herald never posts to Twitter.
  return { ...update, wants_twitter_update: false, twitter_updated_at: null };
}

/** The incident object of the incident webhook: the API's incident, then the webhook's extras. */
export function spWebhookIncident(ctx: ChannelContext, incident: IncidentWithUpdates): SpWebhookIncident {
  const api = spIncident(siteDataFor(ctx), incident);
  const pm = incident.postmortem?.published ? incident.postmortem : null;
  return {
    ...api,
    incident_updates: api.incident_updates.map(withTwitter),
    postmortem_ignored: false,
    postmortem_body: pm?.body ?? null,
    postmortem_body_last_updated_at: pm?.updated_at ?? null,
    postmortem_published_at: pm?.published_at ?? null,
    postmortem_notified_subscribers: Boolean(pm?.notified_at),
    postmortem_notified_twitter: false,
    backfilled: false,
    scheduled_for: null,
    scheduled_until: null,
    scheduled_remind_prior: false,
    scheduled_reminded_at: null,
    impact_override: null,
    scheduled_auto_in_progress: false,
    scheduled_auto_completed: false,
  };
}

/** A maintenance window as Statuspage's webhook sends one: an incident with scheduled_* set. */
export function spWebhookMaintenance(ctx: ChannelContext, maintenance: MaintenanceWithUpdates): SpWebhookIncident {
  const api = spScheduledMaintenance(siteDataFor(ctx), maintenance);
  return {
    ...api,
    incident_updates: api.incident_updates.map(withTwitter),
    postmortem_ignored: false,
    postmortem_body: null,
    postmortem_body_last_updated_at: null,
    postmortem_published_at: null,
    postmortem_notified_subscribers: false,
    postmortem_notified_twitter: false,
    backfilled: false,
    scheduled_for: api.scheduled_for,
    scheduled_until: api.scheduled_until,
    // Herald's reminder before a window is a page-wide setting, not recorded per window.
    scheduled_remind_prior: false,
    scheduled_reminded_at: null,
    impact_override: null,
    scheduled_auto_in_progress: maintenance.auto_transition,
    scheduled_auto_completed: maintenance.auto_transition,
  };
}

/** The Statuspage webhook body for a change; null for internal events (never sent this way). */
export function statuspageWebhook(change: ChannelChange, ctx: ChannelContext): SpWebhook | null {
  switch (change.type) {
    case 'incident_update':
      return { meta: meta(ctx), page: page(ctx), incident: spWebhookIncident(ctx, change.incident) };
    case 'maintenance_update':
      return { meta: meta(ctx), page: page(ctx), incident: spWebhookMaintenance(ctx, change.maintenance) };
    case 'component_status':
      return {
        meta: meta(ctx),
        page: page(ctx),
        component_update: {
          created_at: change.at,
          new_status: change.new_status,
          old_status: change.old_status,
          id: change.id,
          component_id: change.component.id,
          component_type: 'Component',
        },
        component: spComponent(siteDataFor(ctx), change.component),
      };
    case 'internal_event':
      return null;
  }
}
