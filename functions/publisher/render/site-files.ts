// SiteData → the files of the site bucket (CONTRACT §3), all of them or those a change touches.
// Pure but for the renderer, which is loaded once per process.
import { badgeFiles } from '../badges/badge-files.ts';
import { CALENDAR_CONTENT_TYPE, CALENDAR_PATH, maintenanceCalendar } from '../calendar/maintenance-calendar.ts';
import { feedEntries, historyAtom, historyRss } from '../feeds/history-feed.ts';
import { STATUSPAGE_FILES } from '../statuspage/files.ts';
import type { PageSelection } from './pages-touched.ts';
import { loadRenderer, type SiteFile } from './renderer.ts';
import {
  LATEST_INCIDENTS,
  LATEST_MAINTENANCES,
  addMonths,
  historyMonths,
  latestCompletedMaintenances,
  latestIncidents,
  maintenanceMonth,
  monthOf,
} from './site-data.ts';
import { buildHistoryView, buildIncidentView, buildIndexView, buildNotFoundView, type SiteData } from './site-model.ts';
import type { HistoryPageView } from './view-model.ts';

export type { SiteFile } from './renderer.ts';
export type { PageSelection, SiteChange } from './pages-touched.ts';
export { pagesTouchedBy } from './pages-touched.ts';

/** Pages, feeds and JSON: fresh within seconds; and if the origin fails, CloudFront keeps serving
 * the last good copy for a day (stale-if-error), so the page stays up when the rest is down. */
export const SHORT_CACHE = 'public, max-age=10, stale-while-revalidate=30, stale-if-error=86400';

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/json',
} as const;

function file(path: string, body: string, contentType: string): SiteFile {
  return { path, body, contentType, cacheControl: SHORT_CACHE };
}

/** Bucket key of an incident page (ids are URL-safe; encoding guards anything else). */
export function incidentPagePath(id: string): string {
  return `incidents/${encodeURIComponent(id)}/index.html`;
}

/** Bucket key of the history landing (null) or of a month's page (`2026-11`). */
export function historyPagePath(month: string | null): string {
  return month === null ? 'history/index.html' : `history/${month}/index.html`;
}

const EVERYTHING = (data: SiteData): Required<PageSelection> => ({
  index: true,
  incidentIds: data.incidents.map((i) => i.id),
  historyPages: 'all',
  feeds: true,
  json: true,
  notFound: true,
  calendar: true,
});

/**
 * Whether `data` holds every incident declared in `month` and every window completed in it: the
 * selection names it (so the publisher loaded it), or all of them are among the LATEST_INCIDENTS
 * newest incidents and the LATEST_MAINTENANCES newest completed windows, which it always has.
 */
function holdsMonth(data: SiteData, selection: PageSelection, month: string): boolean {
  if (selection.historyPages === 'all' || selection.historyPages.includes(month)) return true;
  const latest = latestIncidents(data.incidents);
  const incidentsHeld = latest.length < LATEST_INCIDENTS || monthOf(latest[latest.length - 1]!.created_at) < month;
  // The same for completed maintenance, of which it always has the LATEST_MAINTENANCES newest.
  const windows = latestCompletedMaintenances(data.maintenances);
  const maintenancesHeld = windows.length < LATEST_MAINTENANCES || maintenanceMonth(windows[windows.length - 1]!) < month;
  return incidentsHeld && maintenancesHeld;
}

/**
 * The month pages to render: the selection's, and with the landing the current month's and the
 * one before it whenever `data` holds them. The landing links every month up to the current one,
 * and the page of a month nothing has happened in yet is written by no incident change; the month
 * before gains its "Newer month" link when a month turns.
 */
function monthsToRender(data: SiteData, selection: PageSelection, landing: boolean): string[] {
  const all = historyMonths(data);
  if (selection.historyPages === 'all') return all;
  const current = monthOf(data.now);
  const turning = landing ? [current, addMonths(current, -1)].filter((m) => all.includes(m) && holdsMonth(data, selection, m)) : [];
  return [...new Set([...selection.historyPages, ...turning])];
}

export interface RenderOptions {
  /** Awaited before each page, and before the feeds and the JSON: a publish lets the uploads it
   * started meanwhile make progress (the event loop turns) while the rest renders. */
  between?: () => Promise<void>;
  /** Renders a month's history page (`render` renders a view whole); the publisher's puts it
   * together from the entries it rendered before (month-page-entries.ts). */
  monthPage?: (view: HistoryPageView, render: (view: HistoryPageView) => Promise<string>) => Promise<string>;
}

/**
 * The files for `which`. Hashed assets come first, so that an uploader writing in order never
 * publishes a page before the stylesheet it links to; they are included whenever a page is.
 */
export async function renderSiteFiles(data: SiteData, which: PageSelection | 'all', options: RenderOptions = {}): Promise<SiteFile[]> {
  const selection = which === 'all' ? EVERYTHING(data) : which;
  const renderer = await loadRenderer();
  // Pages render one after another, each view built just before it: rendering thousands at once
  // (a full rebuild) would hold every page's intermediate state in memory together.
  const pages: Array<{ path: string; render: () => Promise<string> | null }> = [];
  const html = (path: string, render: () => Promise<string> | null) => pages.push({ path, render });

  if (selection.index) html('index.html', () => renderer.renderIndex(buildIndexView(data)));
  for (const id of new Set(selection.incidentIds)) {
    html(incidentPagePath(id), () => {
      const view = buildIncidentView(data, id);
      return view === null ? null : renderer.renderIncident(view);
    });
  }
  const landing = selection.index || selection.historyPages === 'all';
  if (landing) html(historyPagePath(null), () => renderer.renderHistory(buildHistoryView(data, null)!));
  for (const month of monthsToRender(data, selection, landing)) {
    html(historyPagePath(month), () => {
      const view = buildHistoryView(data, month);
      if (view === null) return null;
      return options.monthPage === undefined ? renderer.renderHistory(view) : options.monthPage(view, (v) => renderer.renderHistory(v));
    });
  }
  if (selection.notFound === true) html('404.html', () => renderer.render404(buildNotFoundView(data)));

  const rendered: SiteFile[] = [];
  for (const page of pages) {
    await options.between?.();
    const body = await page.render();
    if (body !== null) rendered.push(file(page.path, body, CONTENT_TYPES.html));
  }
  const files: SiteFile[] = rendered.length > 0 ? [...renderer.assetFiles(data.config), ...rendered] : [];
  if (selection.feeds) {
    await options.between?.();
    const entries = feedEntries(data);
    files.push(file('history.rss', historyRss(data, entries), CONTENT_TYPES.rss));
    files.push(file('history.atom', historyAtom(data, entries), CONTENT_TYPES.atom));
  }
  if (selection.json) {
    await options.between?.();
    for (const [path, build] of Object.entries(STATUSPAGE_FILES)) {
      files.push(file(path, JSON.stringify(build(data)), CONTENT_TYPES.json));
    }
    // The badges are the JSON's status as pictures, cached like it.
    for (const badge of badgeFiles(data)) files.push(file(badge.path, badge.body, badge.contentType));
  }
  if (selection.calendar === true) files.push(file(CALENDAR_PATH, maintenanceCalendar(data), CALENDAR_CONTENT_TYPE));
  return files;
}
