// Reads what the pages a change touches are rendered from, and no more: the cost of a publish
// does not grow with the number of past incidents or maintenance windows.
import type { Store } from '#app/ports/store';
import type { HeraldConfig } from '#config/config';
import type { IncidentWithUpdates, MaintenanceWithUpdates } from '#core/model';
import { mapWithConcurrency } from '#adapters/dynamodb/map-with-concurrency';
import { LATEST_MAINTENANCES, maintenanceMonth, monthOf, type SiteData } from './render/site-data';

/** Incidents the index, feeds and JSON need besides the open ones. */
export const RECENT_INCIDENTS = 50;
/** scheduled-maintenances.json lists the 50 latest windows by start, whatever their status. */
const RECENT_MAINTENANCES = 50;
const UPTIME_WINDOW_DAYS = 91;

export interface SiteReader {
  store: Store;
  config: HeraldConfig;
}

/** What a batch changed: the records whose pages it touches. */
export interface ChangedRecords {
  incidentIds: readonly string[];
  maintenanceIds: readonly string[];
}

const found = <T>(items: ReadonlyArray<T | null>): T[] => items.filter((i): i is T => i !== null);

/** Later entries win: whole records (with their updates) over summaries read from an index. */
function byId<T extends { id: string }>(...lists: ReadonlyArray<ReadonlyArray<T>>): T[] {
  const map = new Map<string, T>();
  for (const list of lists) for (const item of list) map.set(item.id, item);
  return [...map.values()];
}

/** The data for an incremental publish of the changed records' pages. */
export async function loadSiteData({ store, config }: SiteReader, changed: ChangedRecords, now: string): Promise<SiteData> {
  const since = new Date(Date.parse(now) - UPTIME_WINDOW_DAYS * 86_400_000).toISOString();
  const [components, open, recent, touched, openWindows, latestWindows, completedWindows, firstDeclaredAt, firstCompletedMaintenanceAt] =
    await Promise.all([
      store.components.list(),
      store.incidents.list('open', 1000),
      store.incidents.list('all', RECENT_INCIDENTS),
      mapWithConcurrency([...new Set(changed.incidentIds)], 16, (id) => store.incidents.get(id)),
      store.maintenances.open(),
      store.maintenances.latest(RECENT_MAINTENANCES),
      store.maintenances.latestCompleted(LATEST_MAINTENANCES),
      store.incidents.firstDeclaredAt(),
      store.maintenances.firstCompletedStart(),
    ]);
  const touchedFound = found(touched);
  // The windows the outputs need whole, each read once (strongly consistent, with its updates):
  // the changed ones, the latest by start and the latest completed (the open ones came whole).
  const openIds = new Set(openWindows.map((m) => m.id));
  const wholeIds = [...new Set([...changed.maintenanceIds, ...latestWindows.map((m) => m.id), ...completedWindows.map((m) => m.id)])].filter((id) => !openIds.has(id));
  const wholeWindows = found(await mapWithConcurrency(wholeIds, 16, (id) => store.maintenances.get(id)));
  const touchedWindowsFound = [...wholeWindows, ...openWindows].filter((m) => changed.maintenanceIds.includes(m.id));
  // A month page lists the incidents declared and the windows completed in it: two queries a month.
  const months = [...new Set([...touchedFound.map((i) => monthOf(i.created_at)), ...touchedWindowsFound.map(maintenanceMonth)])];
  const [monthIncidents, monthWindows, histories] = await Promise.all([
    Promise.all(months.map((month) => store.incidents.summariesDeclaredIn(month))),
    Promise.all(months.map((month) => store.maintenances.summariesStartingIn(month))),
    mapWithConcurrency(components, 8, (c) => store.components.statusHistory(c.id, since)),
  ]);
  const monthIncidentsWhole = monthIncidents.flat().map((incident): IncidentWithUpdates => ({ ...incident, updates: [] }));
  // Only completed windows from the index (completion is final, so a lagging index can't make one
  // look completed too early); the open ones come whole, strongly consistent, from open().
  const monthWindowsWhole = monthWindows
    .flat()
    .filter((m) => m.status === 'completed')
    .map((m): MaintenanceWithUpdates => ({ ...m, updates: [] }));
  return {
    config: config.page,
    components,
    incidents: byId(monthIncidentsWhole, open, recent, touchedFound),
    maintenances: byId(monthWindowsWhole, openWindows, wholeWindows),
    statusHistory: Object.fromEntries(components.map((c, i) => [c.id, histories[i]!])),
    now,
    firstDeclaredAt,
    firstCompletedMaintenanceAt,
  };
}

/** Everything, for a full rebuild. */
export async function loadAllSiteData({ store, config }: SiteReader, now: string): Promise<SiteData> {
  const [components, incidents, maintenances] = await Promise.all([
    store.components.list(),
    store.incidents.all(),
    store.maintenances.list(),
  ]);
  const since = new Date(Date.parse(now) - UPTIME_WINDOW_DAYS * 86_400_000).toISOString();
  const histories = await mapWithConcurrency(components, 8, (c) => store.components.statusHistory(c.id, since));
  const firstDeclaredAt = incidents.map((i) => i.created_at).sort()[0] ?? null;
  return {
    config: config.page,
    components,
    incidents,
    maintenances,
    statusHistory: Object.fromEntries(components.map((c, i) => [c.id, histories[i]!])),
    now,
    firstDeclaredAt,
  };
}
