// A publish: under the site lock, read the current state, render what changed, upload it.
// Reading inside the lock is the revision guard: whichever publisher writes last read last, so
// a retried or out-of-order batch can never put an older state over a newer one.
import type { HeraldConfig } from '#config/config';
import type { Store } from '#app/ports/store';
import { loadAllSiteData, loadSiteData } from './load-site-data';
import type { PublishLock, SiteBucket } from './ports';
import { pagesTouchedBy, renderSiteFiles, type SiteChange, type SiteFile } from './render/site-files';
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
  if (needsFullRebuild(changes)) return rebuildSite(deps);
  return deps.lock.run(async ({ unbroken }) => {
    const incidentIds = changes.flatMap((c) => (c.kind === 'incident' ? [c.id] : []));
    const data = await loadSiteData(deps, incidentIds, deps.now());
    const files = await renderSiteFiles(data, pagesTouchedBy([...changes], data));
    return { files: await write(deps, files, unbroken), full: false };
  });
}

/** Every page from the whole table: a new deployment, a template change, or recovery. */
export async function rebuildSite(deps: PublisherDeps): Promise<PublishResult> {
  return deps.lock.run(async ({ unbroken }) => {
    const data = await loadAllSiteData(deps, deps.now());
    const files = await renderSiteFiles(data, 'all');
    return { files: await write(deps, files, unbroken), full: true };
  });
}

/** Uploads what changed since this process last wrote (everything if another writer came between). */
async function write({ bucket, written }: PublisherDeps, files: SiteFile[], unbroken: boolean): Promise<number> {
  if (!written) {
    await uploadInOrder(bucket, files);
    return files.length;
  }
  if (!unbroken) written.forget();
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
