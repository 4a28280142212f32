// Remembers what this process last wrote to each path, so that a publish skips the files whose
// bytes did not change (most of them, for a progress update). Only valid while no other
// publisher has written since: the caller forgets everything when its lock tenure was broken.
import { createHash } from 'node:crypto';
import type { SiteFile } from './render/site-files';

export class WrittenFiles {
  private readonly digests = new Map<string, string>();

  private static digest(file: SiteFile): string {
    return createHash('sha256').update(file.contentType).update('\0').update(file.cacheControl).update('\0').update(file.body).digest('base64');
  }

  /** The files that differ from what was last written (everything after `forget()`). */
  changed(files: readonly SiteFile[]): SiteFile[] {
    return files.filter((file) => this.digests.get(file.path) !== WrittenFiles.digest(file));
  }

  remember(files: readonly SiteFile[]): void {
    for (const file of files) this.digests.set(file.path, WrittenFiles.digest(file));
  }

  forget(): void {
    this.digests.clear();
  }
}
