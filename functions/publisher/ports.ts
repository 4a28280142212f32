// What the publisher needs from the outside world.
import type { SiteFile } from './render/site-files';

/** Where the site's files go: the S3 bucket, or a folder for a local build. */
export interface SiteBucket {
  put(file: SiteFile): Promise<void>;
}

export interface LockTenure {
  /** True when the previous holder of the lock was this same lock object (this process), so
   * nothing else has written the site since this process last did. */
  unbroken: boolean;
}

/** Lets one publisher at a time write the site, so that the last writer holds the newest state. */
export interface PublishLock {
  run<T>(work: (tenure: LockTenure) => Promise<T>): Promise<T>;
}
