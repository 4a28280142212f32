// Writes a publish's files so that no reader meets a page whose links are not there yet:
// assets first, then incident pages, history, feeds and JSON, and the index last.
import type { SiteBucket } from './ports';
import type { SiteFile } from './render/site-files';

const TIERS: Array<(path: string) => boolean> = [
  (p) => p.startsWith('assets/'),
  (p) => p.startsWith('incidents/'),
  (p) => p.startsWith('history/') && p !== 'history/index.html',
  (p) => p === 'history/index.html' || p.startsWith('history.') || p === '404.html',
  (p) => p.startsWith('api/'),
  (p) => p === 'index.html',
];

const tierOf = (path: string) => {
  const index = TIERS.findIndex((matches) => matches(path));
  return index === -1 ? TIERS.length : index;
};

export async function uploadInOrder(bucket: SiteBucket, files: readonly SiteFile[], concurrency = 16): Promise<void> {
  const tiers = new Map<number, SiteFile[]>();
  for (const file of files) {
    const tier = tierOf(file.path);
    tiers.set(tier, [...(tiers.get(tier) ?? []), file]);
  }
  for (const tier of [...tiers.keys()].sort((a, b) => a - b)) {
    const queue = [...tiers.get(tier)!];
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let file = queue.shift(); file; file = queue.shift()) await bucket.put(file);
      }),
    );
  }
}
