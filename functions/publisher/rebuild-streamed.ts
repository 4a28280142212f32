// The full rebuild (the rebuild Lambda's, and publish.ts's rebuildSite): as rebuildSiteLoaded (under the site lock, every
// put fenced, only files the bucket does not hold uploaded) with the pages read as they render
// (stream-rebuild.ts) instead of every incident read first: the same files in the same order,
// memory flat in the number of incidents.
import { forgetRememberedRecords } from './load-site-data';
import { forgetMonthListings } from './month-listings';
import { LockLostError, type LockTenure, type SiteBucket } from './ports';
import type { PublisherDeps, PublishResult } from './publish';
import { StoredFiles } from './stored-files';
import { loadRebuildBase, streamRebuildInOrder, type StreamOptions } from './stream-rebuild';
import { writeRebuildFrom } from './write-rebuild';

/** How often a rebuild whose lock was taken from it starts again (as publish.ts's). */
const LOCK_LOST_ATTEMPTS = 3;

export async function rebuildSiteStreamed(deps: PublisherDeps, options: StreamOptions = {}): Promise<PublishResult> {
  // A full rebuild forgets what a publish of this process remembered (CONTRACT additions).
  forgetRememberedRecords(deps.store);
  forgetMonthListings(deps.store);
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.lock.run(async (tenure) => {
        const { contents } = deps.bucket;
        const [base, stored] = await Promise.all([
          loadRebuildBase(deps, deps.now()),
          contents === undefined ? undefined : StoredFiles.read(contents),
        ]);
        const target = { bucket: fenced(deps.bucket, tenure), stored, written: deps.written, unbroken: tenure.unbroken };
        const files = await writeRebuildFrom(target, (write) => streamRebuildInOrder(deps.store, base, write, options));
        return { files, full: true };
      });
    } catch (error) {
      if (!(error instanceof LockLostError) || attempt >= LOCK_LOST_ATTEMPTS) throw error;
      console.warn(JSON.stringify({ level: 'warn', component: 'publisher', message: 'lost the site lock mid-rebuild; starting again', fence: error.fence }));
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
