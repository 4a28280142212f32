// What the publisher needs from the outside world.
import type { SiteFile } from './render/site-files';

/** Where the site's files go: the S3 bucket, or a folder for a local build. */
export interface SiteBucket {
  /** Resolves with the object's ETag when the bucket gives one (S3), for the rebuild manifest. */
  put(file: SiteFile): Promise<void | PutReceipt>;
  /** What the bucket holds now, when it can say (S3): a full rebuild then uploads only what
   * differs (stored-files.ts). Without it, a rebuild uploads every file. */
  contents?: BucketContents;
}

export interface PutReceipt {
  etag?: string;
}

export interface BucketContents {
  /** Every object in the bucket: path → ETag. */
  list(): Promise<ReadonlyMap<string, string>>;
  /** One object's body, or null when there is none. */
  read(path: string): Promise<Uint8Array | null>;
}

export interface LockTenure {
  /** True when the previous holder of the lock was this same lock object (this process), so
   * nothing else has written the site since this process last did. */
  unbroken: boolean;
  /** This tenure's fencing token: greater than every earlier holder's. */
  fence: number;
  /** Resolves while this tenure still holds the lock (renewing its lease when it runs low);
   * throws LockLostError once another publisher has taken it. Called before every upload. */
  check(): Promise<void>;
  /** The JSON files' `page.updated_at` as an earlier tenure recorded it (undefined: none did), so
   * that a publish which did not read the record changed last never moves it back. */
  pageUpdatedAt: string | undefined;
  /** Records `page.updated_at` for the tenures after this one (the lock item keeps it); throws
   * LockLostError once another publisher has taken the lock. */
  recordPageUpdatedAt(at: string): Promise<void>;
}

/** Lets one publisher at a time write the site, so that the last writer holds the newest state. */
export interface PublishLock {
  run<T>(work: (tenure: LockTenure) => Promise<T>): Promise<T>;
}

/** The lease ran out and another publisher took the lock: this one must not write any more. */
export class LockLostError extends Error {
  readonly code = 'LOCK_LOST';
  constructor(readonly fence: number) {
    super(`The site lock (fence ${fence}) was taken by a newer publisher; this publish stopped before writing older pages.`);
    this.name = 'LockLostError';
  }
}
