// What each page of the site shows: plain, serialisable data the .astro pages render as they are.
// Built from SiteData by site-model.ts; every string here is text (Astro escapes it) except the
// fields named `html`, which come from the content sanitiser (functions/content/markdown.ts).
import type { BannerTone } from '#core/banner';
import type { ComponentStatus } from '#core/component-status';
import type { IncidentStatus } from '#core/incident-lifecycle';
import type { MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { Impact } from '#core/severity';
import type { PageLink } from './page-config.ts';
import type { Theme } from './theme.ts';

export interface TimeView {
  /** ISO 8601 UTC, for `<time datetime>`. */
  iso: string;
  /** UTC, and the page's time zone when it differs: `27 Nov 2025, 09:05 UTC (10:05 CET)`. */
  label: string;
}

/** Everything the layout needs: the page's name, links, theme and feeds. */
export interface ChromeView {
  pageName: string;
  /** Absolute, without a trailing slash. */
  siteUrl: string;
  logoUrl: string | null;
  links: PageLink[];
  theme: Theme;
  /** `calendar`: the maintenance calendar (/maintenance.ics). */
  feeds: { rss: string; atom: string; calendar: string };
  generatedAt: TimeView;
}

/** The hashed files a page links to; filled in by the renderer, not by the view model. */
export interface AssetRefs {
  css: string;
  script: string;
}

/** The banner (core/banner.ts): the components' state now, and a line on open incidents. */
export interface StatusView {
  /** The banner's colour (core/banner.ts): a page indicator, or `notice`. */
  indicator: BannerTone;
  description: string;
  /** `1 open incident: Monitoring`, linking to the incidents' cards; null when none is open. */
  incidents: { text: string; href: string } | null;
}

export type DayTone = 'ok' | 'maintenance' | 'degraded' | 'partial' | 'major' | 'nodata';

export interface UptimeDayView {
  date: string;
  tone: DayTone;
  /** `27 Nov 2025: 99.2% uptime, partial outage`. */
  label: string;
}

export interface UptimeView {
  /** `99.95%`: over the tracked days only (since the component was made). */
  percent: string;
  /** `99.95% uptime over 90 days`, `75% uptime over 1 day`: the figure under the whole bar. */
  figure: string;
  /** The same over the last days a phone shows (UPTIME_SHORT_DAYS), shorter: `99.9% over 30 days`. */
  shortFigure: string;
  /** A sentence for assistive technology describing the whole bar. */
  summary: string;
  days: UptimeDayView[];
}

/** One colour of the uptime bar, for the legend under the components. */
export interface UptimeLegendEntry {
  tone: DayTone;
  label: string;
}

export interface ComponentView {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  statusLabel: string;
  uptime: UptimeView;
}

/** A group with its children, or (name null) one component that belongs to no group. */
export interface ComponentGroupView {
  id: string;
  name: string | null;
  description: string | null;
  status: ComponentStatus;
  statusLabel: string;
  components: ComponentView[];
}

export interface IncidentUpdateView {
  id: string;
  status: IncidentStatus;
  statusLabel: string;
  html: string;
  at: TimeView;
  changes: Array<{ name: string; from: string; to: string }>;
}

export interface IncidentSummaryView {
  id: string;
  title: string;
  /** Site-relative: `/incidents/INC-…/`. */
  href: string;
  impact: Impact;
  impactLabel: string;
  status: IncidentStatus;
  statusLabel: string;
  open: boolean;
  startedAt: TimeView;
  resolvedAt: TimeView | null;
  /** `2 h 5 min`; for an open incident, so far. */
  duration: string;
  componentNames: string[];
  latest: IncidentUpdateView | null;
  /** "Next update by": the latest update's promise, for an open incident that made one; the
   * label is the time of day (`14:30 UTC`, the date too when on another day). */
  nextUpdateBy: TimeView | null;
}

export interface IncidentView extends IncidentSummaryView {
  /** Newest first, as on Statuspage's pages. */
  updates: IncidentUpdateView[];
  components: Array<{ name: string; status: ComponentStatus; statusLabel: string }>;
  postmortem: { html: string; publishedAt: TimeView | null } | null;
}

export interface MaintenanceView {
  id: string;
  title: string;
  status: MaintenanceStatus;
  statusLabel: string;
  scheduledFor: TimeView;
  scheduledUntil: TimeView;
  componentNames: string[];
  latest: { html: string; at: TimeView } | null;
}

export interface IndexPageView {
  kind: 'index';
  chrome: ChromeView;
  status: StatusView;
  groups: ComponentGroupView[];
  uptimeDays: number;
  /** The days the bar shows on a phone: the last ones of uptimeDays. */
  uptimeShortDays: number;
  /** The colours the bars on the page use; empty when every day is operational. */
  uptimeLegend: UptimeLegendEntry[];
  openIncidents: IncidentSummaryView[];
  activeMaintenances: MaintenanceView[];
  upcomingMaintenances: MaintenanceView[];
  /** The latest resolved incidents, a few at most; the rest are in the history. */
  recentIncidents: IncidentSummaryView[];
  subscribeAction: string;
}

export interface IncidentPageView {
  kind: 'incident';
  chrome: ChromeView;
  incident: IncidentView;
  /** The history page listing it: the month it was declared in. */
  historyMonth: HistoryMonthLink;
}

/** A link to one month's history page. */
export interface HistoryMonthLink {
  /** `2026-11`. */
  month: string;
  /** `November 2026`. */
  label: string;
  /** `Nov`. */
  shortLabel: string;
  /** `/history/2026-11/`. */
  href: string;
}

/** The history landing (`month` null) or one month's page. */
export interface HistoryPageView {
  kind: 'history';
  chrome: ChromeView;
  /** `2026-11` for a month's page; null for the landing, which lists the latest incidents. */
  month: string | null;
  /** `November 2026`; null for the landing. */
  monthLabel: string | null;
  /** Site-relative: `/history/` or `/history/2026-11/`. */
  href: string;
  /** Newest first: the landing's latest few, or every incident declared in the month. */
  incidents: IncidentSummaryView[];
  /** Completed maintenance, newest start first: the landing's latest few, or every window
   * scheduled to start in the month (UTC). `latest` is always null here. */
  maintenances: MaintenanceView[];
  /**
   * The landing's archive: every month from the first incident's to the current one, newest
   * first, grouped by year (newest year first). Empty on a month's page, which links back to the
   * landing instead, so that a new month changes no older month's page.
   */
  archive: Array<{ year: string; months: HistoryMonthLink[] }>;
  /** The adjacent months, within the archive's range; null on the landing. */
  newer: HistoryMonthLink | null;
  older: HistoryMonthLink | null;
}

export interface NotFoundPageView {
  kind: 'not-found';
  chrome: ChromeView;
}

export type PageView = IndexPageView | IncidentPageView | HistoryPageView | NotFoundPageView;
