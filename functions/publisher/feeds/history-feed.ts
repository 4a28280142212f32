// /history.rss (RSS 2.0) and /history.atom (Atom 1.0): one entry per incident and per completed
// maintenance, newest first, each linking to its page; the entry's content is its timeline,
// through the same sanitiser as the page.
//
// Written with the shared XML helper (../xml/xml-text.ts): every text is escaped character data
// with XML 1.0's forbidden characters removed, so no title, message or name can break a feed.
// A reader that read the feed before sees every update: the RSS item's guid names the latest
// update (a new item identity per update), and the Atom entry keeps its id with a newer `updated`.
import { isCancelledMaintenance } from '#core/maintenance-lifecycle';
import type { IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import { IMPACT_LABEL, INCIDENT_STATUS_LABEL, MAINTENANCE_STATUS_LABEL, timeView } from '../render/format.ts';
import { markdownHtml, markdownText } from '../render/markdown-memo.ts';
import { absoluteUrl, siteBase } from '../render/page-config.ts';
import {
  LATEST_INCIDENTS,
  incidentHref,
  latestCompletedMaintenances,
  latestIncidents,
  maintenanceHistoryHref,
  type SiteData,
} from '../render/site-data.ts';
import { XML_DECLARATION, xmlElement, xmlParent } from '../xml/xml-text.ts';

/** The feeds carry the latest entries, as many as incidents.json (and as an incremental publish
 * loads); the rest are on the history pages. */
export const FEED_LIMIT = LATEST_INCIDENTS;

/** One entry of either feed, all text plain but `contentHtml`. */
export interface FeedEntry {
  /** Stable: the absolute URL of the entry's page. */
  id: string;
  /** Changes with every update: what an RSS reader keys items by. */
  guid: string;
  title: string;
  /** ISO 8601: the last change. */
  updated: string;
  /** ISO 8601: when it began. */
  published: string;
  /** What orders the entries, newest first (declaration or scheduled start). */
  order: string;
  summary: string;
  contentHtml: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function latestOf<T extends { seq: number }>(updates: ReadonlyArray<T>): T | undefined {
  return [...updates].sort((a, b) => b.seq - a.seq)[0];
}

/** The later of two ISO instants. */
function later(a: string, b: string | undefined): string {
  return b !== undefined && Date.parse(b) > Date.parse(a) ? b : a;
}

function componentNames(data: SiteData, ids: readonly string[], recorded: Record<string, string> = {}): string[] {
  return ids
    .map((id) => data.components.find((c) => c.id === id)?.name ?? recorded[id])
    .filter((name): name is string => name !== undefined);
}

function affectedHtml(names: readonly string[]): string {
  return names.length === 0 ? '' : `<p>Affected: ${escapeHtml(names.join(', '))}.</p>`;
}

function incidentEntry(data: SiteData, incident: IncidentWithUpdates): FeedEntry {
  const id = absoluteUrl(data.config, incidentHref(incident.id));
  const updates = [...incident.updates].sort((a, b) => b.seq - a.seq);
  const latest = updates[0];
  const recorded: Record<string, string> = { ...(incident.component_names ?? {}) };
  for (const u of incident.updates) for (const c of u.component_changes) recorded[c.id] = c.name;
  const head = `<p>Impact: ${escapeHtml(IMPACT_LABEL[incident.impact])}. Status: ${escapeHtml(INCIDENT_STATUS_LABEL[incident.status])}.</p>`;
  const timeline = updates.map((u) => {
    const at = timeView(u.created_at, data.config.time_zone);
    return `<p><strong>${escapeHtml(INCIDENT_STATUS_LABEL[u.status])}</strong> · ${escapeHtml(at.label)}</p>\n${markdownHtml(u.message)}`;
  });
  return {
    id,
    guid: `${id}#update-${latest?.seq ?? 0}`,
    title: incident.title,
    updated: later(incident.updated_at, latest?.created_at),
    published: incident.started_at,
    order: incident.created_at,
    summary: latest === undefined ? '' : `${INCIDENT_STATUS_LABEL[latest.status]}: ${markdownText(latest.message)}`,
    contentHtml: [head + affectedHtml(componentNames(data, incident.component_ids, recorded)), ...timeline].join('\n'),
  };
}

function maintenanceEntry(data: SiteData, m: MaintenanceWithUpdates): FeedEntry {
  const id = absoluteUrl(data.config, maintenanceHistoryHref(m));
  const tz = data.config.time_zone;
  const updates = [...m.updates].sort((a, b) => b.seq - a.seq);
  const latest = latestOf(m.updates);
  const cancelled = isCancelledMaintenance(m);
  const window = `${timeView(m.scheduled_for, tz).label} – ${timeView(m.scheduled_until, tz).label}`;
  const head = `<p>Scheduled maintenance, ${escapeHtml(window)}. Status: ${escapeHtml(cancelled ? 'Cancelled' : MAINTENANCE_STATUS_LABEL[m.status])}.</p>`;
  const timeline = updates.map((u) => {
    const at = timeView(u.created_at, tz);
    const label = cancelled && u.seq === latest?.seq ? 'Cancelled' : MAINTENANCE_STATUS_LABEL[u.status];
    return `<p><strong>${escapeHtml(label)}</strong> · ${escapeHtml(at.label)}</p>\n${markdownHtml(u.message)}`;
  });
  return {
    id,
    guid: `${id}-update-${latest?.seq ?? 0}`,
    title: `Maintenance: ${m.title}`,
    updated: later(m.updated_at, latest?.created_at),
    published: m.started_at ?? m.scheduled_for,
    order: m.scheduled_for,
    summary: latest === undefined ? '' : `${cancelled ? 'Cancelled' : MAINTENANCE_STATUS_LABEL[latest.status]}: ${markdownText(latest.message)}`,
    contentHtml: [head + affectedHtml(componentNames(data, m.component_ids)), ...timeline].join('\n'),
  };
}

/** The latest incidents and completed maintenance, newest first, FEED_LIMIT at most. Ordered by
 * the entries' `order` and `id` before any is built, so only the kept ones render their timelines. */
export function feedEntries(data: SiteData): FeedEntry[] {
  const candidates: Array<Pick<FeedEntry, 'order' | 'id'> & { build: () => FeedEntry }> = [
    ...latestIncidents(data.incidents).map((i) => ({
      order: i.created_at,
      id: absoluteUrl(data.config, incidentHref(i.id)),
      build: () => incidentEntry(data, i),
    })),
    ...latestCompletedMaintenances(data.maintenances).map((m) => ({
      order: m.scheduled_for,
      id: absoluteUrl(data.config, maintenanceHistoryHref(m)),
      build: () => maintenanceEntry(data, m),
    })),
  ];
  return candidates
    .sort((a, b) => b.order.localeCompare(a.order) || b.id.localeCompare(a.id))
    .slice(0, FEED_LIMIT)
    .map((c) => c.build());
}

function feedUpdated(data: SiteData, entries: readonly FeedEntry[]): string {
  const latest = entries.reduce((max, e) => (e.updated > max ? e.updated : max), '');
  return new Date(latest === '' ? data.now : latest).toISOString();
}

/** `entries`: feedEntries(data), when the caller built them already (for the other feed). */
export function historyRss(data: SiteData, entries: readonly FeedEntry[] = feedEntries(data)): string {
  const base = siteBase(data.config);
  const items = entries.map((e) =>
    xmlParent('item', {}, [
      xmlElement('title', {}, e.title),
      xmlElement('link', {}, e.id),
      xmlElement('guid', { isPermaLink: 'false' }, e.guid),
      xmlElement('pubDate', {}, new Date(e.updated).toUTCString()),
      // Read as HTML by RSS readers: the plain summary, escaped for HTML, then for XML.
      xmlElement('description', {}, escapeHtml(e.summary)),
      xmlElement('content:encoded', {}, e.contentHtml),
    ]),
  );
  const channel = xmlParent('channel', {}, [
    xmlElement('title', {}, `${data.config.name}: incident history`),
    xmlElement('link', {}, `${base}/`),
    xmlElement('description', {}, `Incidents and maintenance reported on ${data.config.name}, newest first.`),
    xmlElement('language', {}, 'en'),
    xmlElement('lastBuildDate', {}, new Date(feedUpdated(data, entries)).toUTCString()),
    xmlElement('generator', {}, 'Herald'),
    xmlElement('copyright', {}, data.config.name),
    xmlElement('atom:link', { href: absoluteUrl(data.config, '/history.rss'), rel: 'self', type: 'application/rss+xml' }),
    ...items,
  ]);
  const rss = xmlParent(
    'rss',
    { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom', 'xmlns:content': 'http://purl.org/rss/1.0/modules/content/' },
    [channel],
  );
  return `${XML_DECLARATION}\n${rss}\n`;
}

export function historyAtom(data: SiteData, entries: readonly FeedEntry[] = feedEntries(data)): string {
  const base = siteBase(data.config);
  const feed = xmlParent('feed', { xmlns: 'http://www.w3.org/2005/Atom' }, [
    xmlElement('id', {}, `${base}/`),
    xmlElement('title', { type: 'text' }, `${data.config.name}: incident history`),
    xmlElement('subtitle', { type: 'text' }, `Incidents and maintenance reported on ${data.config.name}, newest first.`),
    xmlElement('updated', {}, feedUpdated(data, entries)),
    xmlElement('generator', {}, 'Herald'),
    xmlParent('author', {}, [xmlElement('name', {}, data.config.name), xmlElement('uri', {}, `${base}/`)]),
    xmlElement('link', { rel: 'alternate', href: `${base}/` }),
    xmlElement('link', { rel: 'self', href: absoluteUrl(data.config, '/history.atom') }),
    xmlElement('rights', {}, data.config.name),
    ...entries.map((e) =>
      xmlParent('entry', {}, [
        xmlElement('title', { type: 'text' }, e.title),
        xmlElement('id', {}, e.id),
        xmlElement('link', { rel: 'alternate', href: e.id }),
        xmlElement('updated', {}, new Date(e.updated).toISOString()),
        xmlElement('published', {}, new Date(e.published).toISOString()),
        xmlElement('summary', { type: 'text' }, e.summary),
        xmlElement('content', { type: 'html' }, e.contentHtml),
      ]),
    ),
  ]);
  return `${XML_DECLARATION}\n${feed}\n`;
}
