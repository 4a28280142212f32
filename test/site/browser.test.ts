// The rendered site in a real browser: light and dark screenshots (saved under
// .herald/screenshots/ to look at), axe-core finding no violations, no CSP violations, and the
// subscribe form working with JavaScript off.
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSiteFiles } from '#publisher/render/site-files';
import { sampleSite } from '../fixtures/site/sample-site.ts';
import { serveFolder, type StaticSite } from './static-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOTS = join(process.cwd(), '.herald', 'screenshots');

const PAGES = [
  { name: 'index', path: '/' },
  { name: 'incident', path: '/incidents/INC-20251120-0830/' },
  { name: 'open-incident', path: '/incidents/INC-20251127-1000/' },
  { name: 'history', path: '/history/' },
  { name: 'history-month', path: '/history/2025-10/' },
  { name: 'not-found', path: '/no/such/page' },
] as const;

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM ? 'the rendered site in Chromium' : `the rendered site in Chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    let folder: string;
    let site: StaticSite;
    let browser: Browser;

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'herald-site-'));
      for (const file of await renderSiteFiles(sampleSite(), 'all')) {
        const path = join(folder, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.body);
      }
      site = await serveFolder(folder);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
      });
      await mkdir(SCREENSHOTS, { recursive: true });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await site?.close();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    async function open(path: string, options: BrowserContextOptions): Promise<{ page: Page; problems: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 404/.test(message.text())) problems.push(`console: ${message.text()}`);
      });
      await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
      return { page, problems };
    }

    for (const colorScheme of ['light', 'dark'] as const) {
      for (const { name, path } of PAGES) {
        it(`shows the ${name} page in ${colorScheme} mode with no accessibility or CSP violations`, async () => {
          const { page, problems } = await open(path, { colorScheme });

          await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
          const axe = await new AxeBuilder({ page }).analyze();

          expect(axe.passes.length).toBeGreaterThan(10);
          expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
          expect(problems).toEqual([]);
          await page.context().close();
        });
      }
    }

    it('fits a phone screen', async () => {
      const { page, problems } = await open('/', { viewport: { width: 375, height: 800 }, isMobile: true, colorScheme: 'light' });

      await page.screenshot({ path: join(SCREENSHOTS, 'index-phone.png'), fullPage: true });
      // A string, evaluated in the page: the project's type-check has no DOM library.
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

      expect(overflow).toBe(0);
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it('shows the banner, components and the open incident a reader looks for', async () => {
      const { page } = await open('/', { colorScheme: 'light' });

      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Partial System Outage');
      expect(await page.getByRole('img', { name: /uptime over the last 90 days/ }).count()).toBe(4);
      expect(await page.getByRole('link', { name: 'Elevated API error rates' }).getAttribute('href')).toBe('/incidents/INC-20251127-1000/');
      await page.context().close();
    });

    it('finds a month from the history’s archive, and the months either side from there', async () => {
      const { page, problems } = await open('/history/', { colorScheme: 'light' });

      expect(await page.getByRole('navigation', { name: 'Incidents by month' }).getByRole('link').allTextContents()).toEqual(['Nov 2025', 'Oct 2025', 'Sep 2025']);
      await page.getByRole('link', { name: 'Oct 2025' }).click();
      await page.waitForURL(/\/history\/2025-10\/$/);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('October 2025');
      expect(await page.locator('.history > li').count()).toBe(28);
      await page.getByRole('link', { name: /Newer month/ }).click();
      await page.waitForURL(/\/history\/2025-11\/$/);
      expect(await page.getByRole('link', { name: /Newer month/ }).count()).toBe(0);
      await page.getByRole('link', { name: 'All months' }).click();
      await page.waitForURL(/\/history\/#archive$/);
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it('subscribes with JavaScript turned off, by a plain form post', async () => {
      const { page } = await open('/', { javaScriptEnabled: false, colorScheme: 'light' });

      await page.getByLabel('Email address').fill('reader@example.com');
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForURL(/\/v1\/subscriptions$/);

      expect(site.posts).toContainEqual({
        path: '/v1/subscriptions',
        contentType: 'application/x-www-form-urlencoded',
        body: 'email=reader%40example.com',
      });
      await page.context().close();
    });

    it('shows times in the reader’s zone when the optional script runs', async () => {
      const { page } = await open('/incidents/INC-20251120-0830/', { colorScheme: 'light', timezoneId: 'Asia/Tokyo', locale: 'en-US' });

      const first = page.locator('time[datetime="2025-11-20T09:55:00.000Z"]').first();

      await expect(first.textContent()).resolves.toMatch(/6:55\s?PM/);
      await expect(first.getAttribute('title')).resolves.toBe('20 Nov 2025, 09:55 UTC');
      await page.context().close();
    });
  },
);
