// The month pages' listings a publisher process holds between publishes, so that a publish does
// not read a whole month again (at 100,000 incidents over three years, a month lists ~2,800).
//
// A month page lists summaries: the incidents declared in it and the windows scheduled to start in
// it (gsi1 queries). A month this process listed before is taken from here instead of queried
// again, on the same terms as its remembered whole records (load-site-data.ts): only while its
// lock tenure is unbroken, i.e. no other publisher wrote the site since this process last did, so
// every change since came through this process, which read the changed records again:
// - the changed incidents and windows are left out of a remembered listing (the load reads them
//   strongly and adds those it finds: a deleted one is then absent, a moved one in its new month);
// - after the load, every record the data holds (the changed ones, the open ones, the newest read
//   whole, the month's own) replaces its remembered summary when at least as new, and moves to the
//   month it now belongs to; a changed record not found is dropped.
// Forgotten, like the remembered records, on a broken tenure and before a full rebuild.
import type { Store } from '#app/ports/store';
import type { Incident, Maintenance } from '#core/model';
import type { ChangedRecords } from './load-site-data';
import { maintenanceMonth, monthOf, type SiteData } from './render/site-data';

interface MonthListing {
  incidents: Map<string, Incident>;
  windows: Map<string, Maintenance>;
}

/** Months remembered, most recently used last. */
type Listings = Map<string, MonthListing>;

/** A month page of three years' 100,000 incidents lists ~2,800; keep a few months' worth. */
const MAX_MONTHS = 4;
const MAX_ENTRIES = 20_000;

const held = new WeakMap<Store, Listings>();

function listingsOf(store: Store): Listings {
  let listings = held.get(store);
  if (listings === undefined) {
    listings = new Map();
    held.set(store, listings);
  }
  return listings;
}

/** Forget every month listed for `store`: another publisher wrote in between, or a full rebuild. */
export function forgetMonthListings(store: Store): void {
  held.delete(store);
}

/** The months `store`'s remembered listings hold `id` in (an incident, or a window). */
export function rememberedMonthsOf(store: Store, kind: 'incident' | 'maintenance', id: string): string[] {
  const months: string[] = [];
  for (const [month, listing] of held.get(store) ?? []) {
    if ((kind === 'incident' ? listing.incidents : listing.windows).has(id)) months.push(month);
  }
  return months;
}

const without = <T extends { id: string }>(records: Iterable<T>, ids: ReadonlySet<string>) => [...records].filter((r) => !ids.has(r.id));

/**
 * A month's listing for loadSiteData (LoadOptions.monthListing): remembered (without the changed
 * records), or queried (and remembered, as the query answered).
 */
export function monthListing(store: Store, changed: ChangedRecords): (month: string) => Promise<[Incident[], Maintenance[]]> {
  const listings = listingsOf(store);
  const changedIncidents = new Set(changed.incidentIds);
  const changedWindows = new Set(changed.maintenanceIds);
  return async (month) => {
    const known = listings.get(month);
    if (known !== undefined) {
      listings.delete(month);
      listings.set(month, known);
      return [without(known.incidents.values(), changedIncidents), without(known.windows.values(), changedWindows)];
    }
    const [incidents, windows] = await Promise.all([store.incidents.summariesDeclaredIn(month), store.maintenances.summariesStartingIn(month)]);
    // A listing another load of this process made meanwhile stays (it is no older).
    if (!listings.has(month)) {
      listings.set(month, { incidents: new Map(incidents.map((i) => [i.id, i])), windows: new Map(windows.map((m) => [m.id, m])) });
      trim(listings);
    }
    return [incidents, windows];
  };
}

/** Without its updates: what a listing holds. */
function summaryOf<T extends { updates?: unknown }>(record: T): Omit<T, 'updates'> {
  const { updates, ...summary } = record;
  void updates;
  return summary;
}

/** Puts `record` into the listing of `month` (if remembered) and out of every other. */
function place<T extends { id: string; version: number }>(listings: Listings, pick: (l: MonthListing) => Map<string, T>, record: T, month: string): void {
  for (const [at, listing] of listings) {
    const map = pick(listing);
    const held = map.get(record.id);
    if (at !== month) {
      // Moved out of this month (only if what is held is not newer than the record).
      if (held !== undefined && held.version <= record.version) map.delete(record.id);
      continue;
    }
    if (held === undefined || held.version <= record.version) map.set(record.id, record);
  }
}

/** After a load: the remembered listings take what the data now holds (see the header). */
export function updateMonthListings(store: Store, changed: ChangedRecords, data: SiteData): void {
  const listings = held.get(store);
  if (listings === undefined) return;
  const incidents = new Set(data.incidents.map((i) => i.id));
  const windows = new Set(data.maintenances.map((m) => m.id));
  for (const listing of listings.values()) {
    for (const id of changed.incidentIds) if (!incidents.has(id)) listing.incidents.delete(id);
    for (const id of changed.maintenanceIds) if (!windows.has(id)) listing.windows.delete(id);
  }
  for (const incident of data.incidents) place(listings, (l) => l.incidents, summaryOf(incident) as Incident, monthOf(incident.created_at));
  for (const window of data.maintenances) place(listings, (l) => l.windows, summaryOf(window) as Maintenance, maintenanceMonth(window));
  trim(listings);
}

function trim(listings: Listings): void {
  let entries = 0;
  for (const listing of listings.values()) entries += listing.incidents.size + listing.windows.size;
  for (const [month, listing] of listings) {
    if (listings.size <= MAX_MONTHS && entries <= MAX_ENTRIES) return;
    entries -= listing.incidents.size + listing.windows.size;
    listings.delete(month);
  }
}
