// Reads what the pages a change touches are rendered from, and no more: the cost of a publish
// does not grow with the number of past incidents or maintenance windows.
import type { Store } from '#app/ports/store';
import type { HeraldConfig } from '#config/config';
import type { Incident, IncidentWithUpdates, Maintenance, MaintenanceWithUpdates } from '#core/model';
import { mapWithConcurrency } from '#adapters/dynamodb/map-with-concurrency';
import { forgetMonthListings } from './month-listings';
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
  /** Month pages (`YYYY-MM`) to load besides the changed records' own: a month one of them left. */
  months?: readonly string[];
}

const found = <T>(items: ReadonlyArray<T | null>): T[] => items.filter((i): i is T => i !== null);

/** Later entries win: whole records (with their updates) over summaries read from an index. */
function byId<T extends { id: string }>(...lists: ReadonlyArray<ReadonlyArray<T>>): T[] {
  const map = new Map<string, T>();
  for (const list of lists) for (const item of list) map.set(item.id, item);
  return [...map.values()];
}

/**
 * Whole incidents and windows a publish of this process read strongly consistent, by id. A later
 * publish reuses one instead of reading it again when the index listing shows the same version
 * (or an older one: indexes lag), and only while its lock tenure is unbroken, i.e. no other
 * publisher wrote the site since this process last did: every change since then came through this
 * process, which read the changed records again (they are `changed`, never taken from here).
 */
export interface RememberedRecords {
  incidents: Map<string, IncidentWithUpdates>;
  maintenances: Map<string, MaintenanceWithUpdates>;
}

const remembered = new WeakMap<Store, RememberedRecords>();

/** What this process remembers for `store` (created empty on first use). */
export function rememberedRecords(store: Store): RememberedRecords {
  let records = remembered.get(store);
  if (records === undefined) {
    records = { incidents: new Map(), maintenances: new Map() };
    remembered.set(store, records);
  }
  return records;
}

/**
 * Forget everything remembered for `store` (the records, and the month pages' listings:
 * month-listings.ts): another publisher wrote in between, or a full rebuild.
 */
export function forgetRememberedRecords(store: Store): void {
  remembered.delete(store);
  forgetMonthListings(store);
}

/** At least as new as what the index listed: the same version or a later one. */
const asNew = (held: { version: number } | undefined, listed: { version: number }) => held !== undefined && held.version >= listed.version;

/** The listed records whole: remembered ones as they are, the rest read strongly (and remembered). */
async function wholeOf<S extends { id: string; version: number }, W extends S>(
  listed: readonly S[],
  memory: Map<string, W>,
  get: (id: string) => Promise<W | null>,
): Promise<W[]> {
  const missing = listed.filter((s) => !asNew(memory.get(s.id), s)).map((s) => s.id);
  const read = found(await mapWithConcurrency(missing, 16, get));
  for (const record of read) remember(memory, record);
  return listed.flatMap((s) => {
    const whole = memory.get(s.id);
    return whole === undefined ? [] : [whole];
  });
}

/** Remembers a strongly read record as the most recently used. */
function remember<T extends { id: string }>(memory: Map<string, T>, record: T): void {
  memory.delete(record.id);
  memory.set(record.id, record);
}

/** Keeps a memory bounded: the records a publish needs are the newest, so drop the oldest-read. */
function trim<T>(memory: Map<string, T>, keep: number): void {
  for (const id of memory.keys()) {
    if (memory.size <= keep) return;
    memory.delete(id);
  }
}

export interface LoadOptions {
  /**
   * Called once the changed incidents and the components are read, before the rest is: with
   * enough to render those incidents' own pages (an incident page shows the incident, the
   * components, the config and `now`, nothing else), the same records the whole data will hold.
   */
  touched?: (data: SiteData) => void;
  /** A month page's listing (its incidents' and windows' summaries) instead of the two gsi1
   * queries: a publisher's remembered listings (month-listings.ts). */
  monthListing?: (month: string) => Promise<[Incident[], Maintenance[]]>;
}

/** The data for an incremental publish of the changed records' pages. */
export async function loadSiteData({ store, config }: SiteReader, changed: ChangedRecords, now: string, options: LoadOptions = {}): Promise<SiteData> {
  const since = new Date(Date.parse(now) - UPTIME_WINDOW_DAYS * 86_400_000).toISOString();
  const memory = rememberedRecords(store);
  const touchedIds = [...new Set(changed.incidentIds)];
  // A month page lists the incidents declared and the windows completed in it: two queries a
  // month. A remembered incident's month is known before anything is read (its declaration time
  // never changes), so those queries go out with the first reads instead of after them; the
  // months the reads then show are the ones used, and any not asked for yet are asked then.
  const monthQueries = new Map<string, Promise<[Incident[], Maintenance[]]>>();
  const monthOfQuery = (month: string) => {
    let query = monthQueries.get(month);
    if (query === undefined) {
      query = options.monthListing?.(month) ?? Promise.all([store.incidents.summariesDeclaredIn(month), store.maintenances.summariesStartingIn(month)]);
      // Handled where it is awaited; a month no longer needed must not fail the publish.
      query.catch(() => {});
      monthQueries.set(month, query);
    }
    return query;
  };
  for (const id of touchedIds) {
    const known = memory.incidents.get(id);
    if (known !== undefined) void monthOfQuery(monthOf(known.created_at));
  }
  const componentsRead = store.components.list();
  const touchedRead = mapWithConcurrency(touchedIds, 16, (id) => store.incidents.get(id));
  const { touched: onTouched } = options;
  if (onTouched !== undefined) {
    void Promise.all([componentsRead, touchedRead]).then(
      ([components, touched]) => onTouched({ config: config.page, components, incidents: found(touched), maintenances: [], statusHistory: {}, now }),
      () => {}, // the same reads fail the load below
    );
  }
  const [components, open, recent, touched, openWindows, latestWindows, completedWindows, firstDeclaredAt, firstCompletedMaintenanceAt] =
    await Promise.all([
      componentsRead,
      store.incidents.list('open', 1000),
      // The newest incidents' index entries; each read whole only when not remembered as new.
      store.incidents.summaries('all', RECENT_INCIDENTS).then((listed) => wholeOf(listed.filter((i) => !touchedIds.includes(i.id)), memory.incidents, (id) => store.incidents.get(id))),
      touchedRead,
      store.maintenances.open(),
      store.maintenances.latest(RECENT_MAINTENANCES),
      store.maintenances.latestCompleted(LATEST_MAINTENANCES),
      store.incidents.firstDeclaredAt(),
      store.maintenances.firstCompletedStart(),
    ]);
  const touchedFound = found(touched);
  for (const incident of [...touchedFound, ...open]) remember(memory.incidents, incident);
  // The windows the outputs need whole, each read once (strongly consistent, with its updates):
  // the changed ones, the latest by start and the latest completed (the open ones came whole).
  const openIds = new Set(openWindows.map((m) => m.id));
  // The changed ones are always read again; the listed ones only when not remembered as new.
  const changedWindowIds = [...new Set(changed.maintenanceIds)].filter((id) => !openIds.has(id));
  const listedWindows = [...new Map([...latestWindows, ...completedWindows].map((m) => [m.id, m])).values()].filter(
    (m) => !openIds.has(m.id) && !changedWindowIds.includes(m.id),
  );
  const [changedWindows, rememberedWindows] = await Promise.all([
    mapWithConcurrency(changedWindowIds, 16, (id) => store.maintenances.get(id)),
    wholeOf(listedWindows, memory.maintenances, (id) => store.maintenances.get(id)),
  ]);
  for (const window of [...found(changedWindows), ...openWindows]) remember(memory.maintenances, window);
  trim(memory.incidents, 4 * RECENT_INCIDENTS);
  trim(memory.maintenances, 4 * (RECENT_MAINTENANCES + LATEST_MAINTENANCES));
  const wholeWindows = [...found(changedWindows), ...rememberedWindows];
  const touchedWindowsFound = [...wholeWindows, ...openWindows].filter((m) => changed.maintenanceIds.includes(m.id));
  const months = [...new Set([...touchedFound.map((i) => monthOf(i.created_at)), ...touchedWindowsFound.map(maintenanceMonth), ...(changed.months ?? [])])];
  const [monthPages, histories] = await Promise.all([
    Promise.all(months.map(monthOfQuery)),
    mapWithConcurrency(components, 8, (c) => store.components.statusHistory(c.id, since)),
  ]);
  const monthIncidents = monthPages.map(([incidents]) => incidents);
  const monthWindows = monthPages.map(([, windows]) => windows);
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
