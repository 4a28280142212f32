// The badges in a real browser, as a README shows them (<img>): each state light and dark, and a
// hostile name, load as images at the width the SVG says; opened as a document, each parses as SVG
// with its accessible name and its words inside their box. Screenshots go to .herald/screenshots/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BADGE_STATES, badgeSvg, type BadgeTheme } from '#publisher/badges/badge-svg';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOTS = join(process.cwd(), '.herald', 'screenshots');
const HOSTILE = 'Pay <script>alert(1)</script> & "co"';

const dataUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

function badges(theme: BadgeTheme): string[] {
  return [...BADGE_STATES.map((state) => badgeSvg('status', state, theme)), badgeSvg(HOSTILE, 'major', theme), badgeSvg('Zahlungen (EU) 支付', 'degraded', theme)];
}

function sheet(theme: BadgeTheme): string {
  const background = theme === 'light' ? '#ffffff' : '#0d1117';
  const images = badges(theme).map((svg, i) => `<p><img id="b${i}" alt="" src="${dataUrl(svg)}"></p>`).join('');
  return `<!doctype html><html><body style="margin:16px;background:${background}">${images}</body></html>`;
}

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM ? 'badges in Chromium' : `badges in Chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
      });
      await mkdir(SCREENSHOTS, { recursive: true });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
    });

    for (const theme of ['light', 'dark'] as const) {
      it(`shows every ${theme} badge as an image at its own width`, async () => {
        const page = await browser.newPage({ viewport: { width: 480, height: 360 }, deviceScaleFactor: 2 });
        await page.setContent(sheet(theme), { waitUntil: 'load' });
        // Strings, evaluated in the page: the project's type-check has no DOM library.
        const sizes = await page.evaluate('[...document.images].map((img) => [img.naturalWidth, img.naturalHeight])');
        const expected = badges(theme).map((svg) => [Number(svg.match(/ width="(\d+)"/)![1]), 20]);
        expect(sizes).toEqual(expected);
        await page.screenshot({ path: join(SCREENSHOTS, `badge-${theme}.png`) });
        await page.close();
      });
    }

    it('parses each badge as SVG with its accessible name, the words inside their boxes', async () => {
      const page = await browser.newPage();
      for (const svg of badges('light')) {
        await page.goto(dataUrl(svg));
        const seen = (await page.evaluate(`(() => {
          const root = document.documentElement;
          const rects = [...root.querySelectorAll('rect')].slice(1).map((r) => r.getBBox());
          const texts = [...root.querySelectorAll('text')].map((t) => t.getBBox());
          return {
            parsed: root.localName === 'svg' && document.getElementsByTagName('parsererror').length === 0,
            scripts: root.querySelectorAll('script').length,
            role: root.getAttribute('role'),
            label: root.getAttribute('aria-label'),
            title: root.querySelector('title')?.textContent,
            fits: texts.every((t, i) => t.x >= rects[i].x && t.x + t.width <= rects[i].x + rects[i].width + 0.5),
          };
        })()`)) as { parsed: boolean; scripts: number; role: string; label: string; title: string; fits: boolean };
        expect(seen).toMatchObject({ parsed: true, scripts: 0, role: 'img', fits: true });
        expect(seen.title).toBe(seen.label);
      }
      await page.goto(dataUrl(badgeSvg(HOSTILE, 'major')));
      expect(await page.evaluate("document.querySelector('title').textContent")).toBe(`${HOSTILE}: major outage`);
      await page.close();
    });
  },
);
