// A full rebuild's files, rendered a batch at a time and written as they come, in the order a
// reader can never outrun (uploadInOrder's tiers): the assets, the incident pages, the month
// pages, then the landing, the 404, feeds, JSON, badges and calendar, and the index last.
//
// Each batch is the output of renderSiteFiles for a slice of the 'all' selection, so the bytes are
// exactly what renderSiteFiles(data, 'all') gives (test/publisher/rebuild-in-order.test.ts holds
// the two to the same files); only a batch or two of pages is in memory at once, and the next
// batch renders while the previous one is being written.
import type { SiteData } from './render/site-data';
import { historyMonths } from './render/site-data';
import { renderSiteFiles, type PageSelection, type SiteFile } from './render/site-files';
import { loadRenderer } from './render/renderer';

/** Pages rendered per batch: enough to keep the writers busy while the next batch renders. */
const BATCH = 250;

const NONE: PageSelection = { index: false, incidentIds: [], historyPages: [], feeds: false, json: false, notFound: false, calendar: false };

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Every file of the site, as batches in upload order: `write` gets each batch and must have
 * written it when its promise resolves; batches of one tier overlap the rendering of the next
 * batch, and a tier starts only once every earlier tier is written.
 */
export async function rebuildInOrder(data: SiteData, write: (files: SiteFile[]) => Promise<void>): Promise<void> {
  const renderer = await loadRenderer();
  const assets = renderer.assetFiles(data.config);
  const assetPaths = new Set(assets.map((file) => file.path));
  const written = new Set<string>();
  const fresh = (files: SiteFile[]) =>
    files.filter((file) => {
      if (written.has(file.path)) return false;
      written.add(file.path);
      return true;
    });
  const selections: PageSelection[][] = [
    chunks([...new Set(data.incidents.map((i) => i.id))], BATCH).map((incidentIds) => ({ ...NONE, incidentIds })),
    chunks(historyMonths(data), BATCH).map((historyPages) => ({ ...NONE, historyPages })),
    // The rest of 'all': the index with the landing, the 404, feeds, JSON, badges, calendar.
    [{ ...NONE, index: true, feeds: true, json: true, notFound: true, calendar: true }],
  ];
  // An empty site (no page at all) writes no assets either, as renderSiteFiles does.
  let assetsWritten = false;
  for (const tier of selections) {
    let writing: Promise<void> = Promise.resolve();
    for (const selection of tier) {
      const files = await renderSiteFiles(data, selection);
      const pages = files.filter((file) => !assetPaths.has(file.path));
      await writing;
      if (!assetsWritten && pages.length > 0 && files.length > pages.length) {
        await write(fresh(assets));
        assetsWritten = true;
      }
      writing = write(fresh(pages));
      // Surface a failed write at once rather than after the next batch renders.
      writing.catch(() => {});
    }
    await writing;
  }
}
