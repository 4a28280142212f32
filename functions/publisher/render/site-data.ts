// Everything the public site is rendered from, and the orderings every output shares.
import { isOpenStatus } from '#core/incident-lifecycle';
import { isActiveMaintenance } from '#core/maintenance-lifecycle';
import type { Component, IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import type { StatusSpan } from '#core/uptime';
import type { PageConfig } from './page-config.ts';

export interface SiteData {
  config: PageConfig;
  components: Component[];
  /** All of them, in any order. */
  incidents: IncidentWithUpdates[];
  maintenances: MaintenanceWithUpdates[];
  /** Each component's status history, by component id. */
  statusHistory: Record<string, StatusSpan[]>;
  /** ISO 8601 UTC: the moment the site is rendered for. */
  now: string;
}

export const HISTORY_PAGE_SIZE = 25;

function byNewest(a: IncidentWithUpdates, b: IncidentWithUpdates): number {
  return (
    b.started_at.localeCompare(a.started_at) ||
    b.created_at.localeCompare(a.created_at) ||
    b.id.localeCompare(a.id)
  );
}

/**
 * Incidents newest first (by when they started, then were declared, then id): the order of the
 * history pages, the feeds and incidents.json alike.
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

export function historyPageCount(incidentCount: number): number {
  return Math.max(1, Math.ceil(incidentCount / HISTORY_PAGE_SIZE));
}

/** The 1-based history page listing the incident at this 0-based place in the newest-first order. */
export function historyPageAt(index: number): number {
  return Math.floor(index / HISTORY_PAGE_SIZE) + 1;
}

/** Site-relative paths of the pages, as the bucket stores them (`incidents/X/index.html`) and as
 * they are linked (`/incidents/X/`). Ids are URL-safe (`INC-YYYYMMDD-HHMM[-n]`); encoding guards
 * against anything else. */
export function incidentHref(id: string): string {
  return `/incidents/${encodeURIComponent(id)}/`;
}

export function historyHref(page: number): string {
  return page <= 1 ? '/history/' : `/history/${page}/`;
}
