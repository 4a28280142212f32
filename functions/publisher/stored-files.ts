// What the bucket already holds, so that a full rebuild uploads only the files that differ.
//
// Two sources, each covering what the other cannot see:
// - the manifest (MANIFEST_PATH), written by the last rebuild: per path, the SHA-256 of the
//   file's Content-Type, Cache-Control and body, and the ETag S3 answered when it was uploaded.
//   The digest catches a change of any of the three (an ETag is the body's MD5 at best, and says
//   nothing of the headers);
// - a listing of the bucket now (ListObjectsV2: path → ETag). A manifest entry counts only while
//   the object is still there with the ETag it had when uploaded, so a file deleted or rewritten
//   by anyone else since (by hand, or by a per-change publish, which does not keep the manifest)
//   is uploaded again. The ETag is compared with the one S3 gave back, never computed, so this
//   holds whatever S3 puts in it (an MD5, or not, under SSE-KMS).
// Anything unreadable (no manifest, a damaged one, a bucket that cannot list) means: upload all.
import { createHash } from 'node:crypto';
import type { BucketContents } from './ports';
import type { SiteFile } from './render/site-files';

/** Where the manifest lives in the bucket: public like every object (it names only public files
 * and their hashes), outside every path the site uses. */
export const MANIFEST_PATH = '_herald/rebuild-manifest.json';
const MANIFEST_VERSION = 1;

interface Manifest {
  version: number;
  /** path → [digest, ETag] */
  files: Record<string, [string, string]>;
}

/** SHA-256 of what a reader gets: the Content-Type, the Cache-Control and the body. */
export function contentDigest(file: SiteFile): string {
  return createHash('sha256').update(file.contentType).update('\0').update(file.cacheControl).update('\0').update(file.body).digest('base64');
}

/** `"abc"` and `abc` are the same ETag. */
const bare = (etag: string) => etag.replace(/^"|"$/g, '');

function parse(body: Uint8Array): Manifest | null {
  try {
    const manifest = JSON.parse(Buffer.from(body).toString('utf8')) as Partial<Manifest>;
    if (manifest.version !== MANIFEST_VERSION || typeof manifest.files !== 'object' || manifest.files === null) return null;
    return manifest as Manifest;
  } catch {
    return null;
  }
}

export class StoredFiles {
  /** The next manifest: what this rebuild found in place or uploaded. */
  private readonly next = new Map<string, [string, string]>();

  private constructor(
    /** path → the digest of what the bucket holds there, for objects still as uploaded. */
    private readonly held: ReadonlyMap<string, { digest: string; etag: string }>,
  ) {}

  /** Nothing known: every file is uploaded. */
  static none(): StoredFiles {
    return new StoredFiles(new Map());
  }

  /** The bucket's manifest, checked against a listing of the bucket made now. */
  static async read(contents: BucketContents): Promise<StoredFiles> {
    let listing: ReadonlyMap<string, string>;
    let body: Uint8Array | null;
    try {
      [listing, body] = await Promise.all([contents.list(), contents.read(MANIFEST_PATH)]);
    } catch (error) {
      // No list or read access (or S3 failing): upload everything, as a rebuild always did.
      console.warn(JSON.stringify({ level: 'warn', component: 'publisher', message: 'cannot read what the bucket holds; uploading every file', error: String(error) }));
      return StoredFiles.none();
    }
    const manifest = body === null ? null : parse(body);
    const held = new Map<string, { digest: string; etag: string }>();
    for (const [path, entry] of Object.entries(manifest?.files ?? {})) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue;
      const [digest, etag] = entry;
      const listed = listing.get(path);
      if (listed !== undefined && bare(listed) === bare(etag)) held.set(path, { digest, etag });
    }
    return new StoredFiles(held);
  }

  /** Whether the bucket holds `file` exactly (headers and body); if so it is kept in the next manifest. */
  holds(file: SiteFile): boolean {
    const stored = this.held.get(file.path);
    if (stored === undefined || stored.digest !== contentDigest(file)) return false;
    this.next.set(file.path, [stored.digest, stored.etag]);
    return true;
  }

  /** `file` was uploaded and S3 answered `etag` (without one it stays out of the manifest, so the
   * next rebuild uploads it again). */
  uploaded(file: SiteFile, etag: string | undefined): void {
    if (etag === undefined) this.next.delete(file.path);
    else this.next.set(file.path, [contentDigest(file), etag]);
  }

  /** Whether the manifest to store differs from the one read (an upload, or an entry gone). */
  changed(): boolean {
    if (this.next.size !== this.held.size) return true;
    for (const [path, [digest, etag]] of this.next) {
      const held = this.held.get(path);
      if (held === undefined || held.digest !== digest || held.etag !== etag) return true;
    }
    return false;
  }

  /** The manifest to store after a rebuild: every file found in place or uploaded. */
  manifest(): SiteFile {
    const files = Object.fromEntries([...this.next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return {
      path: MANIFEST_PATH,
      body: JSON.stringify({ version: MANIFEST_VERSION, files } satisfies Manifest),
      contentType: 'application/json',
      cacheControl: 'no-store',
    };
  }
}
