// A publish: under the site lock, read the current state, render what changed, upload it.
// Reading inside the lock is the revision guard: whichever publisher writes last read last, so
// a retried or out-of-order batch can never put an older state over a newer one. Every upload is
// fenced (tenure.check()): a publisher whose lease lapsed (paused, or slower than its lease) stops
// before it writes, and starts again from a fresh read, so it can never put older pages over a
// newer publisher's.
import type { HeraldConfig } from '#config/config';
import type { Store } from '#app/ports/store';
import { forgetRememberedRecords, loadAllSiteData, loadSiteData } from './load-site-data';
import { LockLostError, type LockTenure, type PublishLock, type SiteBucket } from './ports';
import { NOTHING } from './render/pages-touched';
import type { SiteData } from './render/site-data';
import { pagesTouchedBy, renderSiteFiles, type PageSelection, type SiteChange, type SiteFile } from './render/site-files';
import type { WrittenFiles } from './unchanged-files';
import { needsFullRebuild } from './site-changes';
import { uploadInOrder } from './upload-in-order';
import { StoredFiles } from './stored-files';
import { writeRebuild } from './write-rebuild';

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
  if (needsFullRebuild(changes)) {
    forgetRememberedRecords(deps.store);
    return rebuildSite(deps);
  }
  return underLock(deps, async (tenure) => {
    // Records remembered from this process's earlier publishes hold only while nobody else wrote.
    if (!tenure.unbroken) forgetRememberedRecords(deps.store);
    const incidentIds = changes.flatMap((c) => (c.kind === 'incident' ? [c.id] : []));
    const maintenanceIds = changes.flatMap((c) => (c.kind === 'maintenance' ? [c.id] : []));
    const data = await loadSiteData(deps, { incidentIds, maintenanceIds }, deps.now());
    return { files: await renderAndWrite(deps, data, pagesTouchedBy([...changes], data), tenure), full: false };
  });
}

/**
 * Renders the selection in two parts and writes them in the upload order: the changed incidents'
 * own pages (with the assets they link) go up while the rest (month pages, feeds, JSON, index)
 * renders, and the rest is uploaded once they are all in place. The same files, each rendered
 * from the same data, as rendering the whole selection at once; only the first upload starts
 * sooner. Nothing of the rest is put before every page of the first part is.
 */
async function renderAndWrite(deps: PublisherDeps, data: SiteData, selection: PageSelection, tenure: LockTenure): Promise<number> {
  // Another writer came between: what this process wrote before says nothing of the bucket now.
  if (!tenure.unbroken) deps.written?.forget();
  const firstPart: PageSelection = { ...NOTHING, incidentIds: selection.incidentIds };
  const first = selection.incidentIds.length === 0 ? [] : await renderSiteFiles(data, firstPart);
  const uploading = write(deps, first, tenure);
  // Awaited before the rest renders' outcome counts: no upload may still be under way once the
  // publish has failed (and its lock is given up).
  const [uploaded, rendered] = await Promise.allSettled([uploading, renderSiteFiles(data, { ...selection, incidentIds: [] }, { between: turn })]);
  if (uploaded.status === 'rejected') throw uploaded.reason;
  if (rendered.status === 'rejected') throw rendered.reason;
  const inFirst = new Set(first.map((f) => f.path));
  return uploaded.value + (await write(deps, rendered.value.filter((f) => !inFirst.has(f.path)), tenure));
}

/** One turn of the event loop: the uploads under way read their answers, send their next request. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every page from the whole table: a new deployment, a template change, or recovery. Pages are
 * written as they render, and into a bucket that can say what it holds only the files that differ
 * are uploaded (write-rebuild.ts). */
export async function rebuildSite(deps: PublisherDeps): Promise<PublishResult> {
  return underLock(deps, async (tenure) => {
    const { contents } = deps.bucket;
    const [data, stored] = await Promise.all([
      loadAllSiteData(deps, deps.now()),
      contents === undefined ? undefined : StoredFiles.read(contents),
    ]);
    const target = { bucket: fenced(deps.bucket, tenure), stored, written: deps.written, unbroken: tenure.unbroken };
    return { files: await writeRebuild(target, data), full: true };
  });
}

/** How often a publish whose lock was taken from it starts again (from a fresh read). */
const LOCK_LOST_ATTEMPTS = 3;

async function underLock<T>(deps: PublisherDeps, work: (tenure: LockTenure) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.lock.run(work);
    } catch (error) {
      if (!(error instanceof LockLostError) || attempt >= LOCK_LOST_ATTEMPTS) throw error;
      console.warn(JSON.stringify({ level: 'warn', component: 'publisher', message: 'lost the site lock mid-publish; starting again', fence: error.fence }));
    }
  }
}

/** The bucket, each put fenced: nothing is written once this tenure has lost the lock. */
function fenced(bucket: SiteBucket, tenure: LockTenure): SiteBucket {
  return {
    async put(file) {
      await tenure.check();
      return bucket.put(file);
    },
  };
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
