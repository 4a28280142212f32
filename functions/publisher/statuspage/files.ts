// The eight Statuspage-compatible files (CONTRACT §3), each a pure function of SiteData.
import { computePageStatus } from '#core/page-status';
import {
  LATEST_INCIDENTS,
  activeMaintenances,
  latestIncidents,
  maintenancesNewestFirst,
  openIncidents,
  upcomingMaintenances,
  type SiteData,
} from '../render/site-data.ts';
import { spComponents } from './components.ts';
import { spIncident } from './incidents.ts';
import { spScheduledMaintenance } from './maintenances.ts';
import { pageObject } from './page.ts';
import type {
  SpComponentsFile,
  SpIncidentsFile,
  SpScheduledMaintenancesFile,
  SpStatus,
  SpStatusFile,
  SpSummaryFile,
} from './types.ts';

/** incidents.json and scheduled-maintenances.json list this many, as Statuspage's do (incidents:
 * the latest an incremental publish always loads). */
export const RECENT_LIMIT = LATEST_INCIDENTS;

export function pageStatus(data: SiteData): SpStatus {
  return computePageStatus({
    components: data.components,
    openIncidents: openIncidents(data.incidents),
    maintenanceInProgress: activeMaintenances(data.maintenances).length > 0,
  });
}

export function statusJson(data: SiteData): SpStatusFile {
  return { page: pageObject(data), status: pageStatus(data) };
}

export function componentsJson(data: SiteData): SpComponentsFile {
  return { page: pageObject(data), components: spComponents(data) };
}

export function incidentsJson(data: SiteData): SpIncidentsFile {
  const recent = latestIncidents(data.incidents);
  return { page: pageObject(data), incidents: recent.map((i) => spIncident(data, i)) };
}

export function unresolvedIncidentsJson(data: SiteData): SpIncidentsFile {
  return { page: pageObject(data), incidents: openIncidents(data.incidents).map((i) => spIncident(data, i)) };
}

export function scheduledMaintenancesJson(data: SiteData): SpScheduledMaintenancesFile {
  const recent = maintenancesNewestFirst(data.maintenances).slice(0, RECENT_LIMIT);
  return { page: pageObject(data), scheduled_maintenances: recent.map((m) => spScheduledMaintenance(data, m)) };
}

export function upcomingMaintenancesJson(data: SiteData): SpScheduledMaintenancesFile {
  return {
    page: pageObject(data),
    scheduled_maintenances: upcomingMaintenances(data.maintenances).map((m) => spScheduledMaintenance(data, m)),
  };
}

export function activeMaintenancesJson(data: SiteData): SpScheduledMaintenancesFile {
  return {
    page: pageObject(data),
    scheduled_maintenances: activeMaintenances(data.maintenances).map((m) => spScheduledMaintenance(data, m)),
  };
}

export function summaryJson(data: SiteData): SpSummaryFile {
  const maintenances = [...activeMaintenances(data.maintenances), ...upcomingMaintenances(data.maintenances)];
  return {
    page: pageObject(data),
    components: spComponents(data),
    incidents: openIncidents(data.incidents).map((i) => spIncident(data, i)),
    scheduled_maintenances: maintenances.map((m) => spScheduledMaintenance(data, m)),
    status: pageStatus(data),
  };
}

/** Every file by its bucket key. */
export const STATUSPAGE_FILES = {
  'api/v2/summary.json': summaryJson,
  'api/v2/status.json': statusJson,
  'api/v2/components.json': componentsJson,
  'api/v2/incidents.json': incidentsJson,
  'api/v2/incidents/unresolved.json': unresolvedIncidentsJson,
  'api/v2/scheduled-maintenances.json': scheduledMaintenancesJson,
  'api/v2/scheduled-maintenances/upcoming.json': upcomingMaintenancesJson,
  'api/v2/scheduled-maintenances/active.json': activeMaintenancesJson,
} as const satisfies Record<string, (data: SiteData) => unknown>;

export type StatuspageFilePath = keyof typeof STATUSPAGE_FILES;
