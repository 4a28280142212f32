// What every payload builder is given besides the change: the page, the delivery, the page's
// status, and (for the Statuspage objects) the page's components.
import type { Component } from '#core/model';
import { DEFAULT_SEVERITY_POLICY, type Severity, type SeverityPolicy } from '#core/severity';
import type { PageConfig } from '#publisher/render/page-config';
import type { SiteData } from '#publisher/render/site-data';
import type { SpStatus } from '#publisher/statuspage/types';

export interface ChannelContext {
  /** deps.config.page (id, name and url at least). */
  page: Pick<PageConfig, 'id' | 'name' | 'url'> & Partial<PageConfig>;
  /** `webhook-id`: one per (change, endpoint), the same on every retry. */
  deliveryId: string;
  /** `webhook-timestamp`: seconds since the epoch, from the injected clock, per attempt. */
  timestamp: number;
  /** The page's status as status.json has it now (Statuspage's `page.status_indicator/description`). */
  pageStatus: SpStatus;
  /** The page's components now: the Statuspage objects name them (an incident's `components`, a
   * group's children). Absent: an incident's `components` is empty. */
  components?: ReadonlyArray<Component>;
  /** The severity policy (config.severities), for "next public update due"; absent: the defaults. */
  severities?: Readonly<Record<Severity, SeverityPolicy>>;
  /** Statuspage's `meta.unsubscribe` (where this endpoint is removed); absent: the page. */
  unsubscribeUrl?: string;
  /** Statuspage's `meta.documentation`; absent: the page. */
  documentationUrl?: string;
}

/** The page config the publisher's mappers take, with the optional parts filled. */
export function pageConfig(page: ChannelContext['page']): PageConfig {
  return {
    time_zone: 'Etc/UTC',
    logo_url: null,
    links: [],
    colors: { accent: '#2563eb' },
    ...page,
  };
}

/** The SiteData the publisher's Statuspage mappers read (config and components only). */
export function siteDataFor(ctx: ChannelContext): SiteData {
  return {
    config: pageConfig(ctx.page),
    components: [...(ctx.components ?? [])],
    incidents: [],
    maintenances: [],
    statusHistory: {},
    now: generatedAt(ctx),
  };
}

/** The attempt's time as ISO 8601 (Statuspage's `meta.generated_at`). */
export function generatedAt(ctx: Pick<ChannelContext, 'timestamp'>): string {
  return new Date(ctx.timestamp * 1000).toISOString();
}

export function severityPolicy(ctx: ChannelContext, severity: Severity): SeverityPolicy {
  return (ctx.severities ?? DEFAULT_SEVERITY_POLICY)[severity];
}
