// A full rebuild that never holds every incident: the same files, byte for byte, as
// renderSiteFiles(loadAllSiteData(…), 'all') (what rebuild-in-order.ts writes), in the same upload
// order, with memory flat in the number of incidents.
//
// The small data is read whole: components, their status history, every maintenance window. Then:
// 1. incident pages: the incidents as a parallel scan reads them (allInBatches), 250 a batch, each
//    page from its incident, the components, the config and the time (all an incident page shows).
//    On the way it keeps what the other pages need of them all: the open incidents, the
//    LATEST_INCIDENTS newest, the oldest declaration (where the history begins) and the incident
//    changed last (the JSON's `page.updated_at`);
// 2. month pages, two months at a time: each month's incidents from the month's index query (a
//    month page lists no update; an incident naming a component that no longer exists is read whole,
//    for the names its updates recorded), the next six months read while these render;
// 3. the rest (landing, 404, feeds, JSON, badges, calendar, index) from the open and latest incidents,
//    which is all they list (site-data.ts: LATEST_INCIDENTS).
import type { Store } from '#app/ports/store';
import type { IncidentWithUpdates } from '#core/model';
import { isOpenStatus } from '#core/incident-lifecycle';
import { mapWithConcurrency } from '#adapters/dynamodb/map-with-concurrency';
import type { SiteReader } from './load-site-data';
import { NOTHING } from './render/pages-touched';
import { loadRenderer } from './render/renderer';
import { LATEST_INCIDENTS, historyMonths, incidentsNewestFirst, type SiteData } from './render/site-data';
import { renderSiteFiles, type SiteFile } from './render/site-files';
import { pageLastChange } from './statuspage/page';

/** Pages rendered per batch: enough to keep the writers busy while the next batch renders. */
const BATCH = 250;
/** Month pages read and rendered together (the next ones are read meanwhile). */
const MONTHS_AT_ONCE = 2;
/** Groups of months read ahead of the one rendering. */
const GROUPS_AHEAD = 3;
const UPTIME_WINDOW_DAYS = 91;

const MONTH_PAGE = /^history\/\d{4}-\d{2}\//;

export interface StreamOptions {
  /** Incident pages a batch (default 250). */
  batch?: number;
  /** Passed to the store's scan (tests: small pages, a low high-water mark). */
  scan?: { pageItems?: number; highWater?: number };
}

/** Everything but the incidents: what every page is rendered from besides them. */
export async function loadRebuildBase({ store, config }: SiteReader, now: string): Promise<SiteData> {
  const since = new Date(Date.parse(now) - UPTIME_WINDOW_DAYS * 86_400_000).toISOString();
  const [components, maintenances] = await Promise.all([store.components.list(), store.maintenances.list()]);
  const histories = await mapWithConcurrency(components, 8, (c) => store.components.statusHistory(c.id, since));
  return {
    config: config.page,
    components,
    incidents: [],
    maintenances,
    statusHistory: Object.fromEntries(components.map((c, i) => [c.id, histories[i]!])),
    now,
  };
}

/** What the pages listing many incidents need of them all, kept while the scan goes by. */
class Kept {
  open: IncidentWithUpdates[] = [];
  /** Newest first, LATEST_INCIDENTS at most. */
  latest: IncidentWithUpdates[] = [];
  lastChanged: IncidentWithUpdates | undefined;
  firstDeclaredAt: string | null = null;

  see(incident: IncidentWithUpdates): void {
    if (isOpenStatus(incident.status)) this.open.push(incident);
    if (this.firstDeclaredAt === null || incident.created_at < this.firstDeclaredAt) this.firstDeclaredAt = incident.created_at;
    if (this.lastChanged === undefined || incident.updated_at > this.lastChanged.updated_at) this.lastChanged = incident;
    const last = this.latest[this.latest.length - 1];
    if (this.latest.length < LATEST_INCIDENTS || last === undefined || newer(incident, last)) {
      this.latest = incidentsNewestFirst([...this.latest, incident]).slice(0, LATEST_INCIDENTS);
    }
  }

  incidents(): IncidentWithUpdates[] {
    const byId = new Map<string, IncidentWithUpdates>();
    for (const incident of [...this.open, ...this.latest, ...(this.lastChanged ? [this.lastChanged] : [])]) byId.set(incident.id, incident);
    return [...byId.values()];
  }
}

const newer = (a: IncidentWithUpdates, b: IncidentWithUpdates) => a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id);

/** A month's incidents as its page needs them (see the header). */
async function monthIncidents(store: Store, base: SiteData, month: string): Promise<IncidentWithUpdates[]> {
  const known = new Set(base.components.map((c) => c.id));
  const listed = await store.incidents.summariesDeclaredIn(month);
  return mapWithConcurrency(listed, 16, async (incident) => {
    if (incident.component_ids.every((id) => known.has(id))) return { ...incident, updates: [] };
    return (await store.incidents.get(incident.id)) ?? { ...incident, updates: [] };
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Every file of the site, as batches in upload order (rebuildInOrder's contract): `write` gets
 * each batch and must have written it when its promise resolves; a batch is written while the next
 * renders, and a tier starts only once every earlier tier is written. Resolves to the JSON files'
 * `page.updated_at` (the newest `updated_at` of the whole table's records).
 */
export async function streamRebuildInOrder(
  store: Store,
  base: SiteData,
  write: (files: SiteFile[]) => Promise<void>,
  options: StreamOptions = {},
): Promise<string> {
  const batch = options.batch ?? BATCH;
  const renderer = await loadRenderer();
  const assets = renderer.assetFiles(base.config);
  const assetPaths = new Set(assets.map((file) => file.path));
  let assetsWritten = false;
  let writing: Promise<void> = Promise.resolve();
  const emit = async (files: SiteFile[]) => {
    const pages = files.filter((file) => !assetPaths.has(file.path));
    await writing;
    // As renderSiteFiles: the assets go with the first page, before it.
    if (!assetsWritten && pages.length > 0 && files.length > pages.length) {
      await write(assets);
      assetsWritten = true;
    }
    writing = write(pages);
    // Surfaced where it is awaited, at the next batch or the tier's end.
    writing.catch(() => {});
  };

  // 1. Incident pages.
  const kept = new Kept();
  const pending: IncidentWithUpdates[] = [];
  const incidentPages = async (incidents: IncidentWithUpdates[]) =>
    emit(await renderSiteFiles({ ...base, incidents }, { ...NOTHING, incidentIds: incidents.map((i) => i.id) }));
  for await (const read of store.incidents.allInBatches(options.scan)) {
    for (const incident of read) {
      kept.see(incident);
      pending.push(incident);
    }
    while (pending.length >= batch) await incidentPages(pending.splice(0, batch));
  }
  if (pending.length > 0) await incidentPages(pending.splice(0));
  await writing;

  // 2. Month pages, newest first.
  const withHistory: SiteData = { ...base, firstDeclaredAt: kept.firstDeclaredAt };
  const groups = chunks(historyMonths(withHistory), MONTHS_AT_ONCE);
  const readGroup = (months: string[]) => {
    const read = Promise.all(months.map((month) => monthIncidents(store, base, month))).then((lists) => lists.flat());
    // Awaited in its turn; a failure meanwhile must not go unhandled.
    read.catch(() => {});
    return read;
  };
  // The reads run GROUPS_AHEAD groups ahead of the rendering.
  const reads = groups.slice(0, GROUPS_AHEAD).map(readGroup);
  for (let g = 0; g < groups.length; g++) {
    const incidents = await reads[g]!;
    delete reads[g];
    if (g + GROUPS_AHEAD < groups.length) reads[g + GROUPS_AHEAD] = readGroup(groups[g + GROUPS_AHEAD]!);
    await emit(await renderSiteFiles({ ...withHistory, incidents }, { ...NOTHING, historyPages: groups[g]! }));
  }
  await writing;

  // 3. The rest, the index last (uploadInOrder orders the batch); the month pages are written.
  const restData: SiteData = { ...withHistory, incidents: kept.incidents() };
  const rest = await renderSiteFiles(restData, { ...NOTHING, index: true, feeds: true, json: true, notFound: true, calendar: true });
  await emit(rest.filter((file) => !MONTH_PAGE.test(file.path)));
  await writing;
  return pageLastChange(restData);
}
