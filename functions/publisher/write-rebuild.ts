// Writes a full rebuild as it renders (rebuild-in-order.ts, or stream-rebuild.ts as it reads),
// uploading only what the bucket does not already hold: checked against the bucket itself when it
// can say what it holds (stored-files.ts), else against what this process last wrote
// (WrittenFiles), else everything.
// Files the site no longer has are left in place, as every rebuild always did.
import type { SiteBucket } from './ports';
import { rebuildInOrder } from './rebuild-in-order';
import type { SiteData } from './render/site-data';
import type { SiteFile } from './render/site-files';
import type { StoredFiles } from './stored-files';
import type { WrittenFiles } from './unchanged-files';
import { uploadInOrder } from './upload-in-order';

export interface RebuildTarget {
  /** The bucket, every put already fenced by the caller. */
  bucket: SiteBucket;
  /** What the bucket holds (read before the rebuild), when it could say. */
  stored?: StoredFiles;
  written?: WrittenFiles;
  /** False when another publisher wrote since this process: its WrittenFiles mean nothing. */
  unbroken: boolean;
}

/** Writes every file that differs; returns how many were written. */
export async function writeRebuild(target: RebuildTarget, data: SiteData): Promise<number> {
  return writeRebuildFrom(target, (write) => rebuildInOrder(data, write));
}

/** Hands the batches in upload order to `write` (rebuildInOrder's contract). */
export type RebuildProducer = (write: (files: SiteFile[]) => Promise<void>) => Promise<void>;

/** The same for batches from any producer (stream-rebuild.ts reads as it renders). */
export async function writeRebuildFrom({ bucket, stored, written, unbroken }: RebuildTarget, produce: RebuildProducer): Promise<number> {
  if (written !== undefined && !unbroken) written.forget();
  const receipts: SiteBucket =
    stored === undefined
      ? bucket
      : {
          async put(file) {
            const receipt = await bucket.put(file);
            stored.uploaded(file, receipt ? receipt.etag : undefined);
          },
        };
  let count = 0;
  try {
    await produce(async (files) => {
      const changed = stored !== undefined ? files.filter((file) => !stored.holds(file)) : written !== undefined ? written.changed(files) : files;
      await uploadInOrder(receipts, changed);
      count += changed.length;
      // Every file of the batch is now in the bucket as rendered (uploaded, or found there).
      written?.remember(files);
    });
  } catch (error) {
    // Part of the upload may have landed: trust nothing remembered until a clean publish.
    written?.forget();
    throw error;
  }
  if (stored?.changed() === true) await bucket.put(stored.manifest());
  return count;
}
