// Work under the site lock, shared by the per-change publish and the full rebuild: a tenure whose
// lock was taken from it starts again from a fresh read (at most LOCK_LOST_ATTEMPTS times), and
// every put of a tenure is fenced, so nothing is written once that tenure has lost the lock.
import { LockLostError, type LockTenure, type PublishLock, type SiteBucket } from './ports';

/** How often work whose lock was taken from it starts again (from a fresh read). */
const LOCK_LOST_ATTEMPTS = 3;

export async function underSiteLock<T>(lock: PublishLock, what: 'publish' | 'rebuild', work: (tenure: LockTenure) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lock.run(work);
    } catch (error) {
      if (!(error instanceof LockLostError) || attempt >= LOCK_LOST_ATTEMPTS) throw error;
      console.warn(JSON.stringify({ level: 'warn', component: 'publisher', message: `lost the site lock mid-${what}; starting again`, fence: error.fence }));
    }
  }
}

/** The bucket, each put fenced: nothing is written once this tenure has lost the lock. */
export function fenced(bucket: SiteBucket, tenure: LockTenure): SiteBucket {
  return {
    async put(file) {
      await tenure.check();
      return bucket.put(file);
    },
  };
}
