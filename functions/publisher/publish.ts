// A publish: under the site lock, read the current state, render what changed, upload it.
// Reading inside the lock is the revision guard: whichever publisher writes last read last, so
// a retried or out-of-order batch can never put an older state over a newer one. Every upload is
// fenced (tenure.check()): a publisher whose lease lapsed (paused, or slower than its lease) stops
// before it writes, and starts again from a fresh read, so it can never put older pages over a
// newer publisher's.
import type { HeraldConfig } from '#config/config';
import type { Store } from '#app/ports/store';
import { forgetRememberedRecords, loadSiteData, type ChangedRecords } from './load-site-data';
import { rebuildSiteStreamed } from './rebuild-streamed';
import { monthListing, rememberedMonthsOf, updateMonthListings } from './month-listings';
import { type LockTenure, type PublishLock, type SiteBucket } from './ports';
import { fenced, underSiteLock } from './site-lock';
import { renderMonthPage } from './render/month-page-entries';
import { pageLastChange } from './statuspage/page';
import { NOTHING } from './render/pages-touched';
import { pagesTouchedBy, renderSiteFiles, type PageSelection, type SiteChange, type SiteFile } from './render/site-files';
import type { WrittenFiles } from './unchanged-files';
import { needsFullRebuild } from './site-changes';
import { uploadInOrder } from './upload-in-order';

export interface PublisherDeps {
  store: Store;
  config: HeraldConfig;
  bucket: SiteBucket;
  lock: PublishLock;
  now: () => string;
  /** What this process last wrote, to skip unchanged files (optional). */
  written?: WrittenFiles;
}

export interface PublishResult {
  files: number;
  full: boolean;
}

export async function publishChanges(deps: PublisherDeps, changes: readonly SiteChange[]): Promise<PublishResult> {
  if (changes.length === 0) return { files: 0, full: false };
  // A full rebuild forgets what this process remembered itself (rebuild-streamed.ts).
  if (needsFullRebuild(changes)) return rebuildSite(deps);
  return underLock(deps, async (tenure) => {
    // Records remembered from this process's earlier publishes hold only while nobody else wrote.
    if (!tenure.unbroken) forgetRememberedRecords(deps.store);
    // Likewise what it wrote before says nothing of the bucket now.
    if (!tenure.unbroken) deps.written?.forget();
    const incidentIds = changes.flatMap((c) => (c.kind === 'incident' ? [c.id] : []));
    const maintenanceIds = changes.flatMap((c) => (c.kind === 'maintenance' ? [c.id] : []));
    // The months a changed record was listed in before: its page must show it as it is now (or
    // without it, when it moved to another month or was deleted).
    const months = [
      ...changes.flatMap((c) => ((c.kind === 'incident' || c.kind === 'maintenance') && c.previousMonth !== undefined ? [c.previousMonth] : [])),
      ...incidentIds.flatMap((id) => rememberedMonthsOf(deps.store, 'incident', id)),
      ...maintenanceIds.flatMap((id) => rememberedMonthsOf(deps.store, 'maintenance', id)),
    ];
    const changed = { incidentIds, maintenanceIds, months: [...new Set(months)] };
    return { files: await loadRenderAndWrite(deps, tenure, changed, changes), full: false };
  });
}

/**
 * Reads, renders and writes in two parts, in the upload order. As soon as the changed incidents
 * (and the components) are read, their own pages render from those records and go up, with the
 * assets they link, while the rest is read and rendered (month pages, feeds, JSON, index); the
 * rest is put only once the first part is all in place. Every file is rendered from the same
 * records as rendering the whole selection from the whole data would be (an incident page shows
 * the incident, the components, the config and the time, nothing else); only the first upload
 * starts sooner. A first part not started by the time the whole data is read is not started at
 * all: those pages are then rendered with the rest.
 */
async function loadRenderAndWrite(deps: PublisherDeps, tenure: LockTenure, changed: ChangedRecords, changes: readonly SiteChange[]): Promise<number> {
  let early: Promise<{ files: SiteFile[]; written: number }> = Promise.resolve({ files: [], written: 0 });
  const earlyIds = new Set<string>();
  let loaded = false;
  const now = deps.now();
  const loading = loadSiteData(deps, changed, now, {
    monthListing: monthListing(deps.store, changed),
    touched(partial) {
      if (loaded || partial.incidents.length === 0) return;
      for (const incident of partial.incidents) earlyIds.add(incident.id);
      early = (async () => {
        const files = await renderSiteFiles(partial, { ...NOTHING, incidentIds: [...earlyIds] });
        return { files, written: await write(deps, files, tenure) };
      })();
      // Awaited below, once the data is read; a failure before then is not an unhandled rejection.
      early.catch(() => {});
    },
  });
  // No upload may still be under way once the publish has failed (and its lock is given up).
  const [data] = await Promise.allSettled([loading]);
  loaded = true;
  if (data.status === 'rejected') {
    await early.catch(() => {});
    throw data.reason;
  }
  // page.updated_at never moves back (site-data.ts pageUpdatedAt): recorded for the next
  // publishes while this one renders, before any file carrying it goes up.
  data.value.pageUpdatedAt = tenure.pageUpdatedAt;
  const recording = tenure.recordPageUpdatedAt(pageLastChange(data.value));
  recording.catch(() => {}); // awaited below
  updateMonthListings(deps.store, changed, data.value);
  const touched = pagesTouchedBy([...changes], data.value);
  const selection: PageSelection =
    touched.historyPages === 'all' ? touched : { ...touched, historyPages: [...new Set([...touched.historyPages, ...(changed.months ?? [])])] };
  const rest: PageSelection = { ...selection, incidentIds: selection.incidentIds.filter((id) => !earlyIds.has(id)) };
  const [first, rendered] = await Promise.allSettled([early, renderSiteFiles(data.value, rest, { between: turn, monthPage: renderMonthPage })]);
  if (first.status === 'rejected') throw first.reason;
  if (rendered.status === 'rejected') throw rendered.reason;
  await recording;
  const inFirst = new Set(first.value.files.map((f) => f.path));
  return first.value.written + (await write(deps, rendered.value.filter((f) => !inFirst.has(f.path)), tenure));
}

/** One turn of the event loop: the uploads under way read their answers, send their next request. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Every page from the whole table: a new deployment, a template change, or recovery. The incidents
 * are streamed as they are read (rebuild-streamed.ts: memory flat in their number); pages are
 * written as they render, and into a bucket that can say what it holds only the files that differ
 * are uploaded (write-rebuild.ts).
 */
export function rebuildSite(deps: PublisherDeps): Promise<PublishResult> {
  return rebuildSiteStreamed(deps);
}

async function underLock<T>(deps: PublisherDeps, work: (tenure: LockTenure) => Promise<T>): Promise<T> {
  return underSiteLock(deps.lock, 'publish', work);
}

/** Uploads what changed since this process last wrote (everything once `written` was forgotten). */
async function write(deps: PublisherDeps, files: SiteFile[], tenure: LockTenure): Promise<number> {
  const { written } = deps;
  if (files.length === 0) return 0;
  const bucket = fenced(deps.bucket, tenure);
  if (!written) {
    await uploadInOrder(bucket, files);
    return files.length;
  }
  const changed = written.changed(files);
  try {
    await uploadInOrder(bucket, changed);
  } catch (error) {
    // Part of the upload may have landed: trust nothing remembered until a clean publish.
    written.forget();
    throw error;
  }
  written.remember(changed);
  return changed.length;
}
