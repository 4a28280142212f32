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
import type { SiteData } from '#publisher/render/site-model';
import { aComponent, anIncident, anUpdate, aPageConfig, history, siteData } from '../fixtures/site/builders.ts';
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

/**
 * A calmer page, kept in Berlin time: a SEV1 in monitoring after its component recovered, a
 * component made an hour ago with a minute of outage, and an incident resolved yesterday.
 */
function recoveringSite(): SiteData {
  return siteData({
    config: aPageConfig({ time_zone: 'Europe/Berlin' }),
    components: [
      aComponent({ id: 'api', name: 'API', position: 1 }),
      aComponent({ id: 'search', name: 'Search', position: 2, created_at: '2025-11-27T11:00:00.000Z' }),
    ],
    incidents: [
      anIncident({
        id: 'INC-20251127-0900',
        title: 'Checkout failures',
        severity: 'SEV1',
        status: 'monitoring',
        startedAt: '2025-11-27T09:00:00.000Z',
        component_ids: ['api'],
        updates: [
          anUpdate({ incident_id: 'INC-20251127-0900', seq: 1, created_at: '2025-11-27T09:00:00.000Z', message: 'Checkout fails.', component_changes: [{ id: 'api', name: 'API', old_status: 'operational', new_status: 'major_outage' }] }),
          anUpdate({ incident_id: 'INC-20251127-0900', seq: 2, status: 'monitoring', created_at: '2025-11-27T11:30:00.000Z', message: 'A fix is out; we are watching.', component_changes: [{ id: 'api', name: 'API', old_status: 'major_outage', new_status: 'operational' }] }),
        ],
      }),
      anIncident({ id: 'INC-20251126-0800', title: 'Slow logins', severity: 'SEV1', status: 'resolved', startedAt: '2025-11-26T08:00:00.000Z' }),
    ],
    statusHistory: {
      api: history(['operational', '2025-01-01T00:00:00.000Z'], ['major_outage', '2025-11-27T09:00:00.000Z'], ['operational', '2025-11-27T11:30:00.000Z']),
      search: history(['operational', '2025-11-27T11:00:00.000Z'], ['major_outage', '2025-11-27T11:10:00.000Z'], ['operational', '2025-11-27T11:11:00.000Z']),
    },
  });
}

async function writeSite(data: SiteData): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'herald-site-'));
  for (const file of await renderSiteFiles(data, 'all')) {
    const path = join(folder, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.body);
  }
  return folder;
}

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM ? 'the rendered site in Chromium' : `the rendered site in Chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    let folder: string;
    let site: StaticSite;
    let recoveringFolder: string;
    let recovering: StaticSite;
    let browser: Browser;

    beforeAll(async () => {
      folder = await writeSite(sampleSite());
      site = await serveFolder(folder);
      recoveringFolder = await writeSite(recoveringSite());
      recovering = await serveFolder(recoveringFolder);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
      });
      await mkdir(SCREENSHOTS, { recursive: true });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await site?.close();
      await recovering?.close();
      if (folder) await rm(folder, { recursive: true, force: true });
      if (recoveringFolder) await rm(recoveringFolder, { recursive: true, force: true });
    });

    async function open(path: string, options: BrowserContextOptions, on: StaticSite = site): Promise<{ page: Page; problems: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 404/.test(message.text())) problems.push(`console: ${message.text()}`);
      });
      await page.goto(`${on.url}${path}`, { waitUntil: 'load' });
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

      // The components' state (one partial outage of several), not the SEV2's impact, which the
      // JSON's indicator keeps (major); the incident is named in the banner's note and its card.
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Minor Service Outage');
      await expect(page.getByRole('link', { name: '1 open incident: Identified' }).getAttribute('href')).resolves.toBe('#open-incidents-heading');
      expect(await page.getByRole('img', { name: /uptime over the last 90 days/ }).count()).toBe(3);
      // The CDN was added on 1 Oct: its bar says so rather than claim 90 days.
      expect(await page.getByRole('img', { name: /^100% uptime over 58 days, since 1 Oct 2025; no data for the 32 days before/ }).count()).toBe(1);
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

      await page.getByLabel('Email address', { exact: true }).fill('reader@example.com');
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForURL(/\/v1\/subscriptions$/);

      expect(site.posts).toContainEqual({
        path: '/v1/subscriptions',
        contentType: 'application/x-www-form-urlencoded',
        body: 'email=reader%40example.com',
      });
      await page.context().close();
    });

    it('adds a Slack webhook with JavaScript turned off, by a plain form post', async () => {
      const { page } = await open('/', { javaScriptEnabled: false, colorScheme: 'light' });

      await page.getByText('Or send updates to a webhook, Slack or Teams').click();
      await page.getByLabel('Kind').selectOption('slack');
      await page.getByLabel('URL (https)').fill('https://hooks.slack.com/services/T000/B000/XXXX');
      await page.getByLabel('Contact email address').fill('ops@example.com');
      await page.getByRole('button', { name: 'Add' }).click();
      await page.waitForURL(/\/v1\/subscriptions\/webhooks$/);

      expect(site.posts).toContainEqual({
        path: '/v1/subscriptions/webhooks',
        contentType: 'application/x-www-form-urlencoded',
        body: 'kind=slack&url=https%3A%2F%2Fhooks.slack.com%2Fservices%2FT000%2FB000%2FXXXX&contact_email=ops%40example.com',
      });
      await page.context().close();
    });

    it('shows times in the reader’s zone, named, when the optional script runs', async () => {
      const { page } = await open('/incidents/INC-20251120-0830/', { colorScheme: 'light', timezoneId: 'Asia/Tokyo', locale: 'en-US' });

      const first = page.locator('time[datetime="2025-11-20T09:55:00.000Z"]').first();

      await expect(first.textContent()).resolves.toMatch(/^Nov 20, 2025, 6:55\s?PM GMT\+9$/);
      await expect(first.getAttribute('title')).resolves.toBe('20 Nov 2025, 09:55 UTC');
      await page.context().close();
    });

    it('names the reader’s zone on every time once the script has run, and UTC without it', async () => {
      // Prepare: a reader in New York, on a page kept in Berlin time.
      const withScript = await open('/', { colorScheme: 'light', timezoneId: 'America/New_York', locale: 'en-US' }, recovering);
      const withoutScript = await open('/', { colorScheme: 'light', javaScriptEnabled: false }, recovering);

      // Act
      const local = await withScript.page.locator('time').allTextContents();
      const plain = await withoutScript.page.locator('time').allTextContents();

      // Assess: the monitoring update at 11:30 UTC, as New York reads it, with the page's text as its title;
      await expect(withScript.page.locator('time[datetime="2025-11-27T11:30:00.000Z"]').first().textContent()).resolves.toMatch(/^Nov 27, 2025, 6:30\s?AM EST$/);
      await expect(withScript.page.locator('time[datetime="2025-11-27T11:30:00.000Z"]').first().getAttribute('title')).resolves.toBe('27 Nov 2025, 11:30 UTC (12:30 CET)');
      // every time carries a zone either way.
      expect(local.length).toBeGreaterThan(3);
      expect(local.filter((text) => !/ (AM|PM) EST$/.test(text))).toEqual([]);
      expect(plain.filter((text) => !/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC \(\d\d:\d\d CET\)$/.test(text))).toEqual([]);
      await withScript.page.context().close();
      await withoutScript.page.context().close();
    });

    for (const [layout, viewport] of [['desktop', { width: 1100, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      it(`shows a recovering page truthfully on a ${layout}, with no accessibility violations`, async () => {
        const { page, problems } = await open('/', { viewport, isMobile: layout === 'phone', colorScheme: 'light', timezoneId: 'Europe/Berlin' }, recovering);

        await page.screenshot({ path: join(SCREENSHOTS, `recovering-${layout}.png`), fullPage: true });
        const axe = await new AxeBuilder({ page }).analyze();

        // The banner: the components are fine; the SEV1 in monitoring is named, not called an outage.
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('All Components Operational');
        await expect(page.getByRole('link', { name: '1 open incident: Monitoring' }).isVisible()).resolves.toBe(true);
        expect(await page.getByText(/System Outage/).count()).toBe(0);
        // The young component's figure says over how many days it is, in whichever layout shows.
        const search = page.locator('.component', { hasText: 'Search' });
        expect(await search.locator('.uptime-foot span:visible').allTextContents()).toEqual(
          layout === 'phone' ? ['30 days ago', '98.33% over 1 day', 'Today'] : ['90 days ago', '98.33% uptime over 1 day', 'Today'],
        );
        const api = page.locator('.component', { hasText: 'API' });
        expect(await api.locator('.uptime-pct:visible').allTextContents()).toEqual([layout === 'phone' ? '99.64% over 30 days' : '99.88% uptime over 90 days']);
        await expect(page.locator('#components-heading + p span:visible').allTextContents()).resolves.toEqual([layout === 'phone' ? '30' : '90']);
        await expect(page.getByRole('list', { name: 'Uptime bar colours' }).textContent()).resolves.toMatch(/No data \(before the component was added\)/);
        // Resolved: no live border; the open one keeps a coloured one.
        // (The project's type-check has no DOM library: the page's getComputedStyle is typed here.)
        type Styles = { getComputedStyle(e: unknown): { borderLeftWidth: string; borderLeftColor: string; borderTopColor: string } };
        const border = (title: string) =>
          page.locator('.incident-card', { hasText: title }).evaluate((e) => {
            const style = (globalThis as unknown as Styles).getComputedStyle(e);
            return [style.borderLeftWidth, style.borderLeftColor, style.borderTopColor];
          });
        const [resolvedWidth, resolvedColour, resolvedTop] = await border('Slow logins');
        const [openWidth, openColour] = await border('Checkout failures');
        expect([resolvedWidth, resolvedColour]).toEqual(['1px', resolvedTop]);
        expect(openWidth).toBe('6px');
        expect(openColour).not.toBe(resolvedTop);

        expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
        expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
        expect(problems).toEqual([]);
        await page.context().close();
      });
    }
  },
);
