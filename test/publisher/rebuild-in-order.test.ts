// The streamed rebuild writes exactly renderSiteFiles(data, 'all'), in an order no reader outruns.
import { describe, expect, it } from 'vitest';
import { rebuildInOrder } from '#publisher/rebuild-in-order';
import { renderSiteFiles, type SiteFile } from '#publisher/render/site-files';
import { uploadInOrder } from '#publisher/upload-in-order';
import { aComponent, aLongHistory, aMaintenance, siteData } from '../fixtures/site/builders.ts';

const longSite = () =>
  siteData({
    components: [aComponent(), aComponent()],
    // More incidents than one batch, over many months, and a window.
    incidents: aLongHistory(600),
    maintenances: [aMaintenance()],
  });

/** The batches handed to the writer, each in the order the publisher's uploader puts it. */
async function streamed(data: ReturnType<typeof siteData>): Promise<SiteFile[][]> {
  const batches: SiteFile[][] = [];
  await rebuildInOrder(data, async (files) => {
    const batch: SiteFile[] = [];
    await uploadInOrder({ put: async (file) => void batch.push(file) }, files, 1);
    batches.push(batch);
  });
  return batches;
}

describe('rebuildInOrder', () => {
  it('writes the same files, byte for byte and header for header, as renderSiteFiles(data, "all"), each once', async () => {
    const data = longSite();

    const batches = await streamed(data);
    const all = await renderSiteFiles(data, 'all');

    const written = batches.flat();
    expect(written.map((f) => f.path).sort()).toEqual(all.map((f) => f.path).sort());
    const byPath = new Map(written.map((f) => [f.path, f]));
    for (const file of all) expect(byPath.get(file.path), file.path).toEqual(file);
  });

  it('writes the assets first, every incident page before a month page, and the index after every page it links', async () => {
    const batches = await streamed(longSite());

    const order = batches.flat().map((f) => f.path);
    const last = (match: (p: string) => boolean) => order.findLastIndex(match);
    const first = (match: (p: string) => boolean) => order.findIndex(match);
    expect(last((p) => p.startsWith('assets/'))).toBeLessThan(first((p) => !p.startsWith('assets/')));
    expect(last((p) => p.startsWith('incidents/'))).toBeLessThan(first((p) => p.startsWith('history/')));
    expect(last((p) => /^history\/\d{4}-\d{2}\//.test(p))).toBeLessThan(order.indexOf('history/index.html'));
    expect(order.indexOf('index.html')).toBeGreaterThan(last((p) => p.startsWith('history/') || p.startsWith('api/') || p.startsWith('incidents/')));
    expect(batches.length).toBeGreaterThan(3);
  });

  it('writes nothing but what renderSiteFiles writes for an empty site', async () => {
    const data = siteData();

    const written = (await streamed(data)).flat();

    expect(written.map((f) => f.path).sort()).toEqual((await renderSiteFiles(data, 'all')).map((f) => f.path).sort());
  });
});
