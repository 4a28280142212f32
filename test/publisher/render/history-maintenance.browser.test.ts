// Completed maintenance on the history pages, in a real browser: the feeds' link lands on the
// window's entry, and the pages that list it have no accessibility violations.
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSiteFiles } from '#publisher/render/site-files';
import { aMaintenance, aMaintenanceUpdate } from '../../fixtures/site/builders.ts';
import { sampleSite } from '../../fixtures/site/sample-site.ts';
import { serveFolder, type StaticSite } from '../../site/static-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);

function siteWithCompletedMaintenance() {
  const site = sampleSite();
  return {
    ...site,
    maintenances: [
      ...site.maintenances,
      aMaintenance({
        id: 'MNT-done',
        title: 'Storage migration',
        status: 'completed',
        component_ids: site.components.filter((c) => !c.group).slice(0, 1).map((c) => c.id),
        scheduled_for: '2025-10-12T01:00:00.000Z',
        scheduled_until: '2025-10-12T03:00:00.000Z',
        started_at: '2025-10-12T01:00:00.000Z',
        completed_at: '2025-10-12T02:40:00.000Z',
        updated_at: '2025-10-12T02:40:00.000Z',
        updates: [aMaintenanceUpdate({ maintenance_id: 'MNT-done', seq: 1, status: 'completed', created_at: '2025-10-12T02:40:00.000Z', message: 'Migrated.' })],
      }),
    ],
  };
}

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'completed maintenance in the history, in Chromium' : 'completed maintenance in the history (skipped: no Chromium)', () => {
  let folder: string;
  let site: StaticSite;
  let browser: Browser;
  let feedLink: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'herald-history-maintenance-'));
    for (const file of await renderSiteFiles(siteWithCompletedMaintenance(), 'all')) {
      const path = join(folder, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.body);
    }
    const rss = new XMLParser({ isArray: (name) => name === 'item' }).parse(await readFile(join(folder, 'history.rss'), 'utf8'));
    feedLink = (rss.rss.channel.item as Array<{ title: string; link: string }>).find((i) => i.title === 'Maintenance: Storage migration')!.link;
    site = await serveFolder(folder);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('lands the feed’s link on the window’s entry in its month’s page', async () => {
    const page = await browser.newPage();
    const { pathname, hash } = new URL(feedLink);

    await page.goto(`${site.url}${pathname}${hash}`);

    expect(`${pathname}${hash}`).toBe('/history/2025-10/#maintenance-MNT-done');
    const entry = page.locator('#maintenance-MNT-done');
    await expect(entry.getByRole('heading', { name: 'Storage migration' }).count()).resolves.toBe(1);
    await expect(entry.textContent()).resolves.toMatch(/Completed/);
    await page.close();
  });

  for (const path of ['/history/', '/history/2025-10/']) {
    it(`shows ${path} with the window and no accessibility violations`, async () => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${site.url}${path}`);

      expect(await page.getByRole('heading', { name: 'Completed maintenance' }).count()).toBe(1);
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await context.close();
    });
  }
});
