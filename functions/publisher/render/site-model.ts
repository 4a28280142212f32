// SiteData → the view model of each page (view-model.ts). Pure: `data.now` is the only clock.
import { computeBanner, type Banner } from '#core/banner';
import { worstComponentStatus, type ComponentStatus } from '#core/component-status';
import { isOpenStatus } from '#core/incident-lifecycle';
import { isCancelledMaintenance } from '#core/maintenance-lifecycle';
import type { Component, IncidentUpdate, IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import { dailyUptime, trackedUptime, type TrackedUptime } from '#core/uptime';
import { clockLabel } from '../../content/clock-label.ts';
import {
  COMPONENT_STATUS_LABEL,
  IMPACT_LABEL,
  INCIDENT_STATUS_LABEL,
  MAINTENANCE_STATUS_LABEL,
  dayLabel,
  durationLabel,
  percentLabel,
  timeView,
} from './format.ts';
import { markdownHtml } from './markdown-memo.ts';
import { siteBase } from './page-config.ts';
import {
  HISTORY_RECENT,
  activeMaintenances,
  addMonths,
  historyHref,
  historyMonths,
  incidentHref,
  incidentsDeclaredIn,
  isMonth,
  latestCompletedMaintenances,
  latestIncidents,
  maintenancesCompletedIn,
  monthLabel,
  monthOf,
  openIncidents,
  upcomingMaintenances,
  type SiteData,
} from './site-data.ts';
import { themeFor } from './theme.ts';
import type {
  ChromeView,
  ComponentGroupView,
  ComponentView,
  DayTone,
  HistoryMonthLink,
  HistoryPageView,
  IncidentPageView,
  IncidentSummaryView,
  IncidentUpdateView,
  IndexPageView,
  MaintenanceView,
  NotFoundPageView,
  StatusView,
  TimeView,
  UptimeLegendEntry,
  UptimeView,
} from './view-model.ts';

export type { SiteData } from './site-data.ts';

export const UPTIME_DAYS = 90;
/** The last days of the bar a phone shows (site.css hides the first UPTIME_DAYS − this marks). */
export const UPTIME_SHORT_DAYS = 30;
/** Resolved incidents the index lists under "Recent incidents": this many, this recent at most
 * (and among the latest LATEST_INCIDENTS, which an incremental publish always has). */
const RECENT_INCIDENTS = 5;
const RECENT_INCIDENT_DAYS = 14;
const DAY_MS = 86_400_000;

/** An http(s) URL, or a site-relative path: what a config link or logo may point at. */
function isSafeUrl(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export function buildChrome(data: SiteData): ChromeView {
  const base = siteBase(data.config);
  const logo = data.config.logo_url;
  return {
    pageName: data.config.name,
    siteUrl: base,
    logoUrl: logo !== null && isSafeUrl(logo) ? logo : null,
    links: (data.config.links ?? []).filter((link) => isSafeUrl(link.url)),
    theme: themeFor(data.config.colors?.accent),
    feeds: { rss: '/history.rss', atom: '/history.atom', calendar: '/maintenance.ics' },
    generatedAt: timeView(data.now, data.config.time_zone),
  };
}

// ── components ──────────────────────────────────────────────────────────────────────────────

function dayTone(uptime: number | null, worst: ComponentStatus): DayTone {
  if (uptime === null) return 'nodata';
  switch (worst) {
    case 'major_outage':
      return 'major';
    case 'partial_outage':
      return 'partial';
    case 'degraded_performance':
      return 'degraded';
    case 'under_maintenance':
      return 'maintenance';
    default:
      return 'ok';
  }
}

const daysLabel = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** `99.95% uptime over 90 days` (`99.95% over 30 days` for the phone's narrow line), `No data yet`. */
function uptimeFigure({ percent, trackedDays }: TrackedUptime, short = false): string {
  return trackedDays === 0 ? 'No data yet' : `${percentLabel(percent)}${short ? '' : ' uptime'} over ${daysLabel(trackedDays)}`;
}

function uptimeView(data: SiteData, component: Component): UptimeView {
  const history = data.statusHistory[component.id] ?? [];
  const createdAt = component.created_at;
  const days = dailyUptime(history, { days: UPTIME_DAYS, now: data.now, createdAt });
  const whole = trackedUptime(history, { days: UPTIME_DAYS, now: data.now, createdAt });
  const short = trackedUptime(history, { days: UPTIME_SHORT_DAYS, now: data.now, createdAt });
  const percent = percentLabel(whole.percent);
  const troubled = days.filter((d) => d.uptime !== null && d.worst !== 'operational' && d.worst !== 'under_maintenance').length;
  const firstTracked = days.find((d) => d.uptime !== null);
  const untracked = UPTIME_DAYS - whole.trackedDays;
  const over =
    firstTracked === undefined
      ? `No uptime data yet for the last ${UPTIME_DAYS} days`
      : untracked === 0
        ? `${percent} uptime over the last ${UPTIME_DAYS} days`
        : `${percent} uptime over ${daysLabel(whole.trackedDays)}, since ${dayLabel(firstTracked.date)}; no data for the ${daysLabel(untracked)} before`;
  return {
    percent,
    figure: uptimeFigure(whole),
    shortFigure: uptimeFigure(short, true),
    summary: over + (troubled > 0 ? `; ${troubled} ${troubled === 1 ? 'day' : 'days'} with an outage or degradation.` : '.'),
    days: days.map((d) => {
      const tone = dayTone(d.uptime, d.worst);
      const what =
        d.uptime === null
          ? 'no data'
          : `${percentLabel(d.uptime * 100)} uptime` +
            (d.worst === 'operational' ? '' : `, ${COMPONENT_STATUS_LABEL[d.worst].toLowerCase()}`);
      return { date: d.date, tone, label: `${dayLabel(d.date)}: ${what}` };
    }),
  };
}

function componentView(data: SiteData, component: Component): ComponentView {
  return {
    id: component.id,
    name: component.name,
    description: component.description,
    status: component.status,
    statusLabel: COMPONENT_STATUS_LABEL[component.status],
    uptime: uptimeView(data, component),
  };
}

function byPosition(a: Component, b: Component): number {
  return a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

const visible = (c: Component) => !(c.only_show_if_degraded && c.status === 'operational');

/** Top-level entries by position: each group with its visible children, each lone component. */
export function componentGroups(data: SiteData): ComponentGroupView[] {
  const groupIds = new Set(data.components.filter((c) => c.group).map((c) => c.id));
  const topLevel = data.components.filter((c) => c.group || c.group_id === null || !groupIds.has(c.group_id));
  const groups: ComponentGroupView[] = [];
  for (const entry of [...topLevel].sort(byPosition)) {
    if (entry.group) {
      const children = data.components.filter((c) => !c.group && c.group_id === entry.id).sort(byPosition);
      const shown = children.filter(visible);
      if (shown.length === 0) continue;
      const status = worstComponentStatus(children.map((c) => c.status));
      groups.push({
        id: entry.id,
        name: entry.name,
        description: entry.description,
        status,
        statusLabel: COMPONENT_STATUS_LABEL[status],
        components: shown.map((c) => componentView(data, c)),
      });
    } else if (visible(entry)) {
      groups.push({
        id: entry.id,
        name: null,
        description: null,
        status: entry.status,
        statusLabel: COMPONENT_STATUS_LABEL[entry.status],
        components: [componentView(data, entry)],
      });
    }
  }
  return groups;
}

/** Legend words of each colour, in the order the legend lists them. */
const TONE_LEGEND: ReadonlyArray<UptimeLegendEntry> = [
  { tone: 'ok', label: 'Operational' },
  { tone: 'maintenance', label: 'Maintenance' },
  { tone: 'degraded', label: 'Degraded performance' },
  { tone: 'partial', label: 'Partial outage' },
  { tone: 'major', label: 'Major outage' },
  { tone: 'nodata', label: 'No data (before the component was added)' },
];

/** The colours the page's bars use, explained; none when every day of every bar is operational. */
export function uptimeLegend(groups: ReadonlyArray<ComponentGroupView>): UptimeLegendEntry[] {
  const used = new Set(groups.flatMap((g) => g.components.flatMap((c) => c.uptime.days.map((d) => d.tone))));
  if ([...used].every((tone) => tone === 'ok')) return [];
  return TONE_LEGEND.filter((entry) => used.has(entry.tone));
}

// ── incidents ───────────────────────────────────────────────────────────────────────────────

function updatesNewestFirst(updates: ReadonlyArray<IncidentUpdate>): IncidentUpdate[] {
  return [...updates].sort((a, b) => b.seq - a.seq || b.created_at.localeCompare(a.created_at));
}

function updateView(data: SiteData, update: IncidentUpdate): IncidentUpdateView {
  return {
    id: update.id,
    status: update.status,
    statusLabel: INCIDENT_STATUS_LABEL[update.status],
    html: markdownHtml(update.message),
    at: timeView(update.created_at, data.config.time_zone),
    changes: update.component_changes.map((change) => ({
      name: data.components.find((c) => c.id === change.id)?.name ?? change.name,
      from: COMPONENT_STATUS_LABEL[change.old_status],
      to: COMPONENT_STATUS_LABEL[change.new_status],
    })),
  };
}

/** Names of the components an incident named: current names, or the name an update recorded. */
function componentNames(data: SiteData, incident: IncidentWithUpdates): string[] {
  const recorded = new Map<string, string>(Object.entries(incident.component_names ?? {}));
  for (const update of incident.updates) for (const c of update.component_changes) recorded.set(c.id, c.name);
  return incident.component_ids
    .map((id) => data.components.find((c) => c.id === id)?.name ?? recorded.get(id))
    .filter((name): name is string => name !== undefined);
}

function incidentSummary(data: SiteData, incident: IncidentWithUpdates, withLatest: boolean): IncidentSummaryView {
  const tz = data.config.time_zone;
  const end = incident.resolved_at ?? data.now;
  const latest = withLatest ? updatesNewestFirst(incident.updates)[0] : undefined;
  return {
    id: incident.id,
    title: incident.title,
    href: incidentHref(incident.id),
    impact: incident.impact,
    impactLabel: IMPACT_LABEL[incident.impact],
    status: incident.status,
    statusLabel: INCIDENT_STATUS_LABEL[incident.status],
    open: isOpenStatus(incident.status),
    startedAt: timeView(incident.started_at, tz),
    resolvedAt: incident.resolved_at === null ? null : timeView(incident.resolved_at, tz),
    duration: durationLabel(Date.parse(end) - Date.parse(incident.started_at)),
    componentNames: componentNames(data, incident),
    latest: latest === undefined ? null : updateView(data, latest),
    nextUpdateBy: nextUpdateBy(incident, tz),
  };
}

/** The open incident's promised next update (none once resolved, or when none was made). */
function nextUpdateBy(incident: IncidentWithUpdates, tz: string): TimeView | null {
  const promised = incident.next_update_at;
  if (!isOpenStatus(incident.status) || promised === undefined || promised === null) return null;
  return { iso: new Date(promised).toISOString(), label: clockLabel(promised, incident.last_update_at, tz) };
}

// ── maintenance ─────────────────────────────────────────────────────────────────────────────

function maintenanceView(data: SiteData, m: MaintenanceWithUpdates, withLatest = true): MaintenanceView {
  const tz = data.config.time_zone;
  const latest = withLatest ? [...m.updates].sort((a, b) => b.seq - a.seq)[0] : undefined;
  return {
    id: m.id,
    title: m.title,
    status: m.status,
    statusLabel: isCancelledMaintenance(m) ? 'Cancelled' : MAINTENANCE_STATUS_LABEL[m.status],
    scheduledFor: timeView(m.scheduled_for, tz),
    scheduledUntil: timeView(m.scheduled_until, tz),
    componentNames: m.component_ids
      .map((id) => data.components.find((c) => c.id === id)?.name)
      .filter((name): name is string => name !== undefined),
    latest: latest === undefined ? null : { html: markdownHtml(latest.message), at: timeView(latest.created_at, tz) },
  };
}

/** The banner's words: its headline, and the open incidents by status. */
function statusView(banner: Banner): StatusView {
  const count = banner.openIncidents;
  return {
    indicator: banner.tone,
    description: banner.description,
    incidents:
      count === 0
        ? null
        : {
            text: `${count} open ${count === 1 ? 'incident' : 'incidents'}: ${banner.openStatuses.map((s) => INCIDENT_STATUS_LABEL[s]).join(', ')}`,
            href: '#open-incidents-heading',
          },
  };
}

/** A completed window as the history lists it: what the index shows, without its latest message
 * (month pages are rendered from windows read without their updates). */
function maintenanceHistoryView(data: SiteData, m: MaintenanceWithUpdates): MaintenanceView {
  return maintenanceView(data, m, false);
}

/** Completed windows the history landing lists (among the LATEST_MAINTENANCES an incremental
 * publish always has). */
const HISTORY_RECENT_MAINTENANCES = 10;

// ── pages ───────────────────────────────────────────────────────────────────────────────────

export function buildIndexView(data: SiteData): IndexPageView {
  const open = openIncidents(data.incidents);
  const active = activeMaintenances(data.maintenances);
  const since = Date.parse(data.now) - RECENT_INCIDENT_DAYS * DAY_MS;
  const recent = latestIncidents(data.incidents)
    .filter((i) => i.resolved_at !== null && !isOpenStatus(i.status) && Date.parse(i.resolved_at) >= since)
    .slice(0, RECENT_INCIDENTS);
  const groups = componentGroups(data);
  return {
    kind: 'index',
    chrome: buildChrome(data),
    status: statusView(computeBanner({ components: data.components, openIncidents: open, maintenanceInProgress: active.length > 0 })),
    groups,
    uptimeDays: UPTIME_DAYS,
    uptimeShortDays: UPTIME_SHORT_DAYS,
    uptimeLegend: uptimeLegend(groups),
    openIncidents: open.map((i) => incidentSummary(data, i, true)),
    activeMaintenances: active.map((m) => maintenanceView(data, m)),
    upcomingMaintenances: upcomingMaintenances(data.maintenances).map((m) => maintenanceView(data, m)),
    recentIncidents: recent.map((i) => incidentSummary(data, i, false)),
    subscribeAction: '/v1/subscriptions',
  };
}

/** The incident's page, or null when there is no incident with this id. */
/** Incidents by id, built once per data set (a full rebuild looks up thousands). */
const incidentIndexes = new WeakMap<readonly IncidentWithUpdates[], Map<string, IncidentWithUpdates>>();

function incidentById(data: SiteData, id: string): IncidentWithUpdates | undefined {
  let index = incidentIndexes.get(data.incidents);
  if (index === undefined) {
    index = new Map(data.incidents.map((i) => [i.id, i]));
    incidentIndexes.set(data.incidents, index);
  }
  return index.get(id);
}

export function buildIncidentView(data: SiteData, id: string): IncidentPageView | null {
  const incident = incidentById(data, id);
  if (incident === undefined) return null;
  const tz = data.config.time_zone;
  const postmortem = incident.postmortem?.published === true ? incident.postmortem : null;
  return {
    kind: 'incident',
    chrome: buildChrome(data),
    incident: {
      ...incidentSummary(data, incident, true),
      updates: updatesNewestFirst(incident.updates).map((u) => updateView(data, u)),
      components: incident.component_ids
        .map((cid) => data.components.find((c) => c.id === cid))
        .filter((c): c is Component => c !== undefined)
        .map((c) => ({ name: c.name, status: c.status, statusLabel: COMPONENT_STATUS_LABEL[c.status] })),
      postmortem:
        postmortem === null
          ? null
          : {
              html: markdownHtml(postmortem.body),
              publishedAt: postmortem.published_at === null ? null : timeView(postmortem.published_at, tz),
            },
    },
    historyMonth: monthLink(monthOf(incident.created_at)),
  };
}

function monthLink(month: string): HistoryMonthLink {
  const label = monthLabel(month);
  return { month, label, shortLabel: label.slice(0, 3), href: historyHref(month) };
}

/** Months newest first, grouped by year. */
function archiveOf(months: ReadonlyArray<string>): HistoryPageView['archive'] {
  const years: HistoryPageView['archive'] = [];
  for (const month of months) {
    const year = month.slice(0, 4);
    const last = years[years.length - 1];
    if (last?.year === year) last.months.push(monthLink(month));
    else years.push({ year, months: [monthLink(month)] });
  }
  return years;
}

/**
 * The history landing (`month` null): the HISTORY_RECENT latest incidents and every month's link.
 * Or one month's page: every incident declared in it (UTC), newest first, and the adjacent months;
 * null for a month outside historyMonths (before the first incident, after data.now, malformed).
 * Either comes out the same from an incremental publish's subset of incidents as from them all.
 */
export function buildHistoryView(data: SiteData, month: null): HistoryPageView;
export function buildHistoryView(data: SiteData, month: string | null): HistoryPageView | null;
export function buildHistoryView(data: SiteData, month: string | null): HistoryPageView | null {
  const months = historyMonths(data);
  const base = { kind: 'history' as const, chrome: buildChrome(data) };
  if (month === null) {
    return {
      ...base,
      month: null,
      monthLabel: null,
      href: historyHref(null),
      incidents: latestIncidents(data.incidents)
        .slice(0, HISTORY_RECENT)
        .map((i) => incidentSummary(data, i, false)),
      maintenances: latestCompletedMaintenances(data.maintenances)
        .slice(0, HISTORY_RECENT_MAINTENANCES)
        .map((m) => maintenanceHistoryView(data, m)),
      archive: archiveOf(months),
      newer: null,
      older: null,
    };
  }
  if (!isMonth(month) || !months.includes(month)) return null;
  const newer = addMonths(month, 1);
  const older = addMonths(month, -1);
  return {
    ...base,
    month,
    monthLabel: monthLabel(month),
    href: historyHref(month),
    incidents: incidentsDeclaredIn(data.incidents, month).map((i) => incidentSummary(data, i, false)),
    maintenances: maintenancesCompletedIn(data.maintenances, month).map((m) => maintenanceHistoryView(data, m)),
    archive: [],
    newer: months.includes(newer) ? monthLink(newer) : null,
    older: months.includes(older) ? monthLink(older) : null,
  };
}

export function buildNotFoundView(data: SiteData): NotFoundPageView {
  return { kind: 'not-found', chrome: buildChrome(data) };
}
