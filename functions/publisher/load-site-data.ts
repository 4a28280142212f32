// Reads what the pages a change touches are rendered from, and no more: the cost of a publish
// does not grow with the number of past incidents.
import type { Store } from '#app/ports/store';
import type { HeraldConfig } from '#config/config';
import type { IncidentWithUpdates } from '#core/model';
import { mapWithConcurrency } from '#adapters/dynamodb/map-with-concurrency';
import { monthOf, type SiteData } from './render/site-data';

/** Incidents the index, feeds and JSON need besides the open ones. */
export const RECENT_INCIDENTS = 50;
const UPTIME_WINDOW_DAYS = 91;

export interface SiteReader {
  store: Store;
  config: HeraldConfig;
}

/** The data for an incremental publish of the given incidents' pages. */
export async function loadSiteData({ store, config }: SiteReader, incidentIds: readonly string[], now: string): Promise<SiteData> {
  const since = new Date(Date.parse(now) - UPTIME_WINDOW_DAYS * 86_400_000).toISOString();
  const [components, open, recent, touched, maintenances, firstDeclaredAt] = await Promise.all([
    store.components.list(),
    store.incidents.list('open', 1000),
    store.incidents.list('all', RECENT_INCIDENTS),
    mapWithConcurrency([...new Set(incidentIds)], 16, (id) => store.incidents.get(id)),
    store.maintenances.list(),
    store.incidents.firstDeclaredAt(),
  ]);
  const touchedFound = touched.filter((i): i is IncidentWithUpdates => i !== null);
  const months = [...new Set(touchedFound.map((i) => monthOf(i.created_at)))];
  const [monthIncidents, histories] = await Promise.all([
    // A month page lists incidents without their updates: one query a month, whatever it holds.
    Promise.all(months.map((month) => store.incidents.summariesDeclaredIn(month))),
    mapWithConcurrency(components, 8, (c) => store.components.statusHistory(c.id, since)),
  ]);
  const incidents = new Map<string, IncidentWithUpdates>();
  // Summaries first, so that the whole incident (with its updates) wins wherever there is one.
  for (const incident of monthIncidents.flat()) incidents.set(incident.id, { ...incident, updates: [] });
  for (const incident of [...open, ...recent, ...touchedFound]) incidents.set(incident.id, incident);
  return {
    config: config.page,
    components,
    incidents: [...incidents.values()],
    maintenances,
    statusHistory: Object.fromEntries(components.map((c, i) => [c.id, histories[i]!])),
    now,
    firstDeclaredAt,
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
