// Everything the public site is rendered from, and the orderings every output shares.
import { isOpenStatus } from '#core/incident-lifecycle';
import { isActiveMaintenance } from '#core/maintenance-lifecycle';
import type { Component, IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import type { StatusSpan } from '#core/uptime';
import type { PageConfig } from './page-config.ts';

export interface SiteData {
  config: PageConfig;
  components: Component[];
  /**
   * In any order: all of them for a full build; for an incremental publish at least the open ones,
   * the LATEST_INCIDENTS newest (incidentsNewestFirst) and every incident declared in each month
   * of the selection's `historyPages`. Nothing rendered depends on any other incident.
   */
  incidents: IncidentWithUpdates[];
  /**
   * In any order: all of them for a full build; for an incremental publish at least the open ones,
   * the LATEST_MAINTENANCES newest by start and the LATEST_MAINTENANCES newest completed ones (each
   * with its updates), the changed ones, and every completed window scheduled to start in each
   * month of the selection's `historyPages` (those may lack their updates: month pages show none).
   */
  maintenances: MaintenanceWithUpdates[];
  /** Each component's status history, by component id. */
  statusHistory: Record<string, StatusSpan[]>;
  /** ISO 8601 UTC: the moment the site is rendered for. */
  now: string;
  /**
   * `created_at` of the oldest incident ever (null: there is none), which starts the history's
   * months. Undefined: derived from `incidents`, which must then be all of them.
   */
  firstDeclaredAt?: string | null;
  /**
   * `scheduled_for` of the earliest completed maintenance (null: there is none), which can start
   * the history's months too. Undefined: derived from `maintenances`, which must then be all.
   */
  firstCompletedMaintenanceAt?: string | null;
  /**
   * The JSON files' `page.updated_at` as an earlier publish wrote it: theirs is never earlier. An
   * incremental publish does not read every record, and the one changed last may not be among
   * those it read. Undefined: the newest `updated_at` of the records here.
   */
  pageUpdatedAt?: string;
}

/** The history landing (`/history/`) lists this many of the latest incidents. */
export const HISTORY_RECENT = 25;

/**
 * The newest incidents an incremental publish loads (with the open ones and the months it
 * renders): every list capped by recency (the landing, the index's recent incidents, the feeds,
 * incidents.json) draws from these, so it comes out the same from that subset as from them all.
 */
export const LATEST_INCIDENTS = 50;

function byNewest(a: { created_at: string; id: string }, b: { created_at: string; id: string }): number {
  return b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id);
}

/**
 * Incidents newest first, by when they were declared, then id (the store's own order, so that
 * "the 50 most recent" it loads are the 50 every output here takes): the order of the history
 * pages, the feeds and incidents.json alike.
 */
export function incidentsNewestFirst(incidents: ReadonlyArray<IncidentWithUpdates>): IncidentWithUpdates[] {
  return [...incidents].sort(byNewest);
}

export function openIncidents(incidents: ReadonlyArray<IncidentWithUpdates>): IncidentWithUpdates[] {
  return incidentsNewestFirst(incidents.filter((i) => isOpenStatus(i.status)));
}

/** Maintenance newest first by its window's start (scheduled-maintenances.json's order). */
export function maintenancesNewestFirst(
  maintenances: ReadonlyArray<MaintenanceWithUpdates>,
): MaintenanceWithUpdates[] {
  return [...maintenances].sort(
    (a, b) => b.scheduled_for.localeCompare(a.scheduled_for) || b.id.localeCompare(a.id),
  );
}

/** In progress or verifying, soonest to end first. */
export function activeMaintenances(
  maintenances: ReadonlyArray<MaintenanceWithUpdates>,
): MaintenanceWithUpdates[] {
  return maintenances
    .filter((m) => isActiveMaintenance(m.status))
    .sort((a, b) => a.scheduled_until.localeCompare(b.scheduled_until) || a.id.localeCompare(b.id));
}

/** Still `scheduled`, soonest first. */
export function upcomingMaintenances(
  maintenances: ReadonlyArray<MaintenanceWithUpdates>,
): MaintenanceWithUpdates[] {
  return maintenances
    .filter((m) => m.status === 'scheduled')
    .sort((a, b) => a.scheduled_for.localeCompare(b.scheduled_for) || a.id.localeCompare(b.id));
}

/**
 * Completed maintenance an incremental publish loads (besides the open windows and the months it
 * renders): the history landing and the feeds draw from these, by start, newest first.
 */
export const LATEST_MAINTENANCES = 50;

/** Completed windows, newest start first: the history's and the feeds' order. */
export function completedMaintenances(maintenances: ReadonlyArray<MaintenanceWithUpdates>): MaintenanceWithUpdates[] {
  return maintenancesNewestFirst(maintenances.filter((m) => m.status === 'completed'));
}

/** The LATEST_MAINTENANCES newest completed windows: the same from a publish's subset as from all. */
export function latestCompletedMaintenances(maintenances: ReadonlyArray<MaintenanceWithUpdates>): MaintenanceWithUpdates[] {
  return completedMaintenances(maintenances).slice(0, LATEST_MAINTENANCES);
}

/** The history month a maintenance window is listed in: the UTC month it was scheduled to start. */
export function maintenanceMonth(m: { scheduled_for: string }): string {
  return monthOf(m.scheduled_for);
}

/** Completed windows scheduled to start in `month` (UTC), newest first. */
export function maintenancesCompletedIn(maintenances: ReadonlyArray<MaintenanceWithUpdates>, month: string): MaintenanceWithUpdates[] {
  return completedMaintenances(maintenances).filter((m) => maintenanceMonth(m) === month);
}

/** Where a completed window is shown: its entry on its month's history page. */
export function maintenanceHistoryHref(m: { id: string; scheduled_for: string }): string {
  return `${historyHref(maintenanceMonth(m))}#maintenance-${encodeURIComponent(m.id)}`;
}

/** The LATEST_INCIDENTS newest: the same from an incremental publish's subset as from them all. */
export function latestIncidents(incidents: ReadonlyArray<IncidentWithUpdates>): IncidentWithUpdates[] {
  return incidentsNewestFirst(incidents).slice(0, LATEST_INCIDENTS);
}

// ── history months ──────────────────────────────────────────────────────────────────────────

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `YYYY-MM`, the UTC month of this instant: the history page an incident declared then is on. */
export function monthOf(iso: string): string {
  return CANONICAL_UTC.test(iso) ? iso.slice(0, 7) : new Date(iso).toISOString().slice(0, 7);
}

export function isMonth(month: string): boolean {
  return MONTH.test(month);
}

/** Months since year 0, for arithmetic; `YYYY-MM` must be valid. */
function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthAt(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month `delta` months after (before, when negative) `month`. */
export function addMonths(month: string, delta: number): string {
  return monthAt(monthIndex(month) + delta);
}

/** `November 2026`. */
export function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** When the first incident was declared: `data.firstDeclaredAt`, else the oldest in `data.incidents`. */
export function firstDeclaredAt(data: SiteData): string | null {
  if (data.firstDeclaredAt !== undefined) return data.firstDeclaredAt;
  let first: string | null = null;
  for (const incident of data.incidents) if (first === null || incident.created_at < first) first = incident.created_at;
  return first;
}

/** Where the history begins: the first incident's declaration or the first completed
 * maintenance's scheduled start, whichever is earlier (null: neither exists). */
export function historyStart(data: SiteData): string | null {
  // The windows at hand count too (the index that gave firstCompletedMaintenanceAt may lag a
  // change); a cancelled window scheduled for later than now starts no history.
  const windows = data.maintenances.filter((m) => m.status === 'completed').map((m) => m.scheduled_for);
  if (data.firstCompletedMaintenanceAt) windows.push(data.firstCompletedMaintenanceAt);
  const now = Date.parse(data.now);
  const candidates = [firstDeclaredAt(data), ...windows.filter((at) => Date.parse(at) <= now)];
  let first: string | null = null;
  for (const at of candidates) if (at !== null && (first === null || Date.parse(at) < Date.parse(first))) first = at;
  return first;
}

/**
 * Every month with a history page, newest first: from the month the history begins (historyStart)
 * to the current one (data.now's), empty months included; none before it.
 */
export function historyMonths(data: SiteData): string[] {
  const first = historyStart(data);
  if (first === null) return [];
  const from = monthIndex(monthOf(first));
  const to = Math.max(from, monthIndex(monthOf(data.now)));
  return Array.from({ length: to - from + 1 }, (_, i) => monthAt(to - i));
}

/** The incidents declared in `month` (UTC), newest first. */
export function incidentsDeclaredIn(incidents: ReadonlyArray<IncidentWithUpdates>, month: string): IncidentWithUpdates[] {
  return incidentsNewestFirst(incidents.filter((i) => monthOf(i.created_at) === month));
}

/** Site-relative paths of the pages, as the bucket stores them (`incidents/X/index.html`) and as
 * they are linked (`/incidents/X/`). Ids are URL-safe (`INC-YYYYMMDD-HHMM[-n]`); encoding guards
 * against anything else. */
export function incidentHref(id: string): string {
  return `/incidents/${encodeURIComponent(id)}/`;
}

/** `/history/` (the landing), or a month's page: `/history/2026-11/`. */
export function historyHref(month?: string | null): string {
  return month === undefined || month === null ? '/history/' : `/history/${month}/`;
}
