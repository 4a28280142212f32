// The full rebuild (the rebuild Lambda's, and publish.ts's rebuildSite): under the site lock, every
// put fenced, only files the bucket does not hold uploaded, with the pages read as they render
// (stream-rebuild.ts) instead of every incident read first: the same files in the same order,
// memory flat in the number of incidents.
import { forgetRememberedRecords } from './load-site-data';
import type { PublisherDeps, PublishResult } from './publish';
import { fenced, underSiteLock } from './site-lock';
import { StoredFiles } from './stored-files';
import { loadRebuildBase, streamRebuildInOrder, type StreamOptions } from './stream-rebuild';
import { writeRebuildFrom } from './write-rebuild';

export async function rebuildSiteStreamed(deps: PublisherDeps, options: StreamOptions = {}): Promise<PublishResult> {
  // A full rebuild forgets what a publish of this process remembered (CONTRACT additions).
  forgetRememberedRecords(deps.store);
  return underSiteLock(deps.lock, 'rebuild', async (tenure) => {
    const { contents } = deps.bucket;
    const [base, stored] = await Promise.all([
      loadRebuildBase(deps, deps.now()),
      contents === undefined ? undefined : StoredFiles.read(contents),
    ]);
    const target = { bucket: fenced(deps.bucket, tenure), stored, written: deps.written, unbroken: tenure.unbroken };
    let pageUpdatedAt: string | undefined;
    const files = await writeRebuildFrom(target, async (write) => {
      pageUpdatedAt = await streamRebuildInOrder(deps.store, base, write, options);
    });
    // What the whole table says, for the publishes after this one (publish.ts: never earlier).
    if (pageUpdatedAt !== undefined) await tenure.recordPageUpdatedAt(pageUpdatedAt);
    return { files, full: true };
  });
}
