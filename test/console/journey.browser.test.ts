// The console in real Chromium, on the whole local stack (DynamoDB Local, its stream, the
// publisher, the mailer, the SES and S3 stand-ins): sign in with the mailed link, declare from a
// template, post identified → monitoring → resolved through the resolve gate, see each on the
// public page, publish the postmortem, sign out; the same declare-and-update flow with the
// keyboard only at 390 px; an ended session keeps the typed message; axe-core finds nothing on
// any screen, light or dark. Screenshots go to .herald/screenshots/console-*.png to be looked at.
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMail } from '#local/mail-message';
import { startLocalStack, type LocalStack } from '#local/local-stack';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOTS = join(process.cwd(), '.herald', 'screenshots');
const IC = 'ic@example.com';
/** How much wider than the window the page is (a phone would scroll sideways). */
const OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

/** Waits for a condition the system reaches on its own (mail sent, page published). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM ? 'the console in Chromium' : `the console in Chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    let dataDir: string;
    let stack: LocalStack;
    let browser: Browser;
    let checkoutId: string;
    const systemWaits: Array<{ step: string; ms: number }> = [];

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'herald-console-journey-'));
      stack = await startLocalStack({ port: 0, dataDir, inMemory: true, apiKey: 'hk_test_console_journey', admins: [IC] });
      const res = await fetch(`${stack.url}/v1/components`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Checkout', description: 'Cart and payment' }),
      });
      checkoutId = ((await res.json()) as { id: string }).id;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
      });
      await mkdir(SCREENSHOTS, { recursive: true });
    }, 180_000);

    afterAll(async () => {
      if (systemWaits.length) console.log(`console journey, the system's part: ${systemWaits.map((w) => `${w.step} ${w.ms.toFixed(0)} ms`).join(', ')}`);
      await browser?.close();
      await stack?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }, 60_000);

    async function newPage(options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', ...options });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      return { page, problems };
    }

    const mails = async () => (await (await fetch(`${stack.url}/_local/mail`)).json()) as CapturedMail[];

    /** Asks for a link on the page, reads it from the local mail, opens it and presses Sign in. */
    async function signIn(page: Page, email = IC, path = '/console') {
      const before = (await mails()).filter((m) => m.to.includes(email)).length;
      await page.goto(`${stack.url}${path}`);
      await expect.poll(() => page.url()).toContain('/console/sign-in');
      await page.getByLabel('Your email address').fill(email);
      await page.getByRole('button', { name: 'Mail me a sign-in link' }).click();
      await page.getByRole('heading', { name: 'Check your mail' }).waitFor();
      const started = performance.now();
      const mail = await until('the sign-in mail', async () => (await mails()).filter((m) => m.to.includes(email))[before]);
      systemWaits.push({ step: 'sign-in mail', ms: performance.now() - started });
      const link = /(http\S+\/console\/sign-in\/link\?token=\S+)/.exec(mail.text ?? '')![1]!;
      await page.goto(link);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/console/sign-in'));
    }

    async function publicPageShows(text: string, path = '/'): Promise<number> {
      const started = performance.now();
      await until(`"${text}" on ${path}`, async () => {
        const html = await (await fetch(`${stack.url}${path}`)).text();
        return html.includes(text) ? true : undefined;
      });
      return performance.now() - started;
    }

    it('takes a responder from the mailed link through declare, updates, the resolve gate and the postmortem to sign-out', async () => {
      const { page, problems } = await newPage();
      const journey = performance.now();
      await signIn(page);
      await page.getByRole('heading', { name: 'Now', level: 1 }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'console-now-empty.png'), fullPage: true });

      // Declare from a template
      await page.getByRole('link', { name: 'Declare incident' }).click();
      await page.getByLabel('Start from a template').selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Use template' }).click();
      expect(await page.getByLabel('Message').inputValue()).not.toBe('');
      await page.getByLabel('Title', { exact: true }).fill('Checkout errors');
      await page.locator('#severity-SEV1').check();
      await page.locator(`select[name="component.${checkoutId}"]`).selectOption('major_outage');
      await page.getByLabel('Message').fill('We are investigating **failed payments** at checkout.');
      await expect.poll(() => page.locator('#declare-preview strong').textContent(), { timeout: 5000 }).toBe('failed payments');
      await page.screenshot({ path: join(SCREENSHOTS, 'console-declare.png'), fullPage: true });
      await page.getByRole('button', { name: 'Declare incident' }).click();
      await page.waitForURL(/\/console\/incidents\/INC-/);
      const incidentPath = new URL(page.url()).pathname;
      const incidentId = incidentPath.split('/').pop()!;
      systemWaits.push({ step: 'declared → public page', ms: await publicPageShows('Checkout errors') });

      // identified → monitoring → resolved, each on the public incident page
      for (const [status, message, shown] of [
        ['identified', 'A bad deploy of the payment service; rolling back.', 'Identified'],
        ['monitoring', 'Rolled back; payments succeed again. Watching.', 'Monitoring'],
      ] as const) {
        await page.locator('#field-status').selectOption(status);
        await page.getByLabel('Message').fill(message);
        await page.getByRole('button', { name: 'Post update' }).click();
        await page.getByText(message).first().waitFor();
        systemWaits.push({ step: `${status} → public page`, ms: await publicPageShows(message, `/incidents/${incidentId}/`) });
        void shown;
      }
      await page.screenshot({ path: join(SCREENSHOTS, 'console-incident.png'), fullPage: true });

      // Resolving right away: the gate warns (monitoring too short, Checkout still down)
      await page.locator('#field-status').selectOption('resolved');
      await page.getByLabel('Message').fill('Resolved: payments have worked for a while now.');
      await page.getByRole('button', { name: 'Post update' }).click();
      const gate = page.locator('#resolve-gate');
      await gate.waitFor();
      const warnings = await gate.textContent();
      expect(warnings).toMatch(/monitor/i);
      expect(warnings).toMatch(/Checkout/);
      await page.screenshot({ path: join(SCREENSHOTS, 'console-resolve-gate.png'), fullPage: true });
      await page.getByLabel(/Restore these components to operational/).check();
      await page.getByRole('button', { name: 'Post update' }).click();
      await page.getByText('Resolved: payments have worked for a while now.').first().waitFor();
      systemWaits.push({ step: 'resolved → public page', ms: await publicPageShows('Resolved: payments have worked', `/incidents/${incidentId}/`) });
      // The JSON files go up after the incident page in the same publish: wait for them too.
      await until('Checkout operational in components.json', async () => {
        const json = (await (await fetch(`${stack.url}/api/v2/components.json`)).json()) as { components: Array<{ name: string; status: string }> };
        return json.components.find((c) => c.name === 'Checkout')?.status === 'operational' ? true : undefined;
      });

      // The postmortem, seeded from the draft, published once
      const body = page.getByLabel('Postmortem (Markdown)');
      await body.waitFor();
      expect(await body.inputValue()).toContain('Checkout errors');
      await page.getByRole('button', { name: 'Publish postmortem' }).click();
      await expect.poll(async () => (await page.getByRole('button', { name: 'Publish postmortem' }).count())).toBe(0);
      const answer = (await (await fetch(`${stack.url}/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${stack.apiKey}` } })).json()) as {
        postmortem: { published: boolean } | null;
        updates: Array<{ posted_by: string | null }>;
      };
      expect(answer.postmortem?.published).toBe(true);
      expect(answer.updates.every((u) => u.posted_by === IC)).toBe(true);
      console.log(`console journey: ${((performance.now() - journey) / 1000).toFixed(1)} s from opening the console to signed out, scripted`);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You are signed out.').waitFor();
      await page.goto(`${stack.url}/console`);
      await expect.poll(() => page.url()).toContain('/console/sign-in');
      expect(problems, problems.join('\n')).toEqual([]);
    }, 180_000);

    it('declares and updates with the keyboard only, at 390 px wide', async () => {
      const { page, problems } = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await signIn(page, IC, '/console/incidents/new');
      expect(new URL(page.url()).pathname).toBe('/console/incidents/new');
      const keys = page.keyboard;
      /** Tabs forward until the focused element matches (at most 150 presses). */
      async function tabTo(selector: string) {
        for (let i = 0; i < 150; i++) {
          if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
          await keys.press('Tab');
        }
        throw new Error(`Tab never reached ${selector}`);
      }
      await page.locator('body').focus();
      await tabTo('#field-title');
      await keys.type('Search is slow');
      // A radio group is one Tab stop; the arrow keys choose within it.
      await tabTo('input[name="severity"]');
      for (let i = 0; i < 5 && !(await page.locator('#severity-SEV3').isChecked()); i++) await keys.press('ArrowDown');
      expect(await page.locator('#severity-SEV3').isChecked()).toBe(true);
      await tabTo('#field-message');
      await keys.type('Searches take up to 10 s. We are looking into it.');
      await tabTo('button[value="declare"]');
      await keys.press('Enter');
      await page.waitForURL(/\/console\/incidents\/INC-/);
      const incidentId = new URL(page.url()).pathname.split('/').pop()!;
      await page.screenshot({ path: join(SCREENSHOTS, 'console-incident-390.png'), fullPage: true });
      const overflow = await page.evaluate<number>(OVERFLOW);
      expect(overflow).toBeLessThanOrEqual(0);

      await page.locator('body').focus();
      await tabTo('#field-status');
      await keys.press('ArrowDown'); // investigating → identified
      await tabTo('#field-message');
      await keys.type('Found it: a slow index. Rebuilding it.');
      await tabTo('button[value="post"]');
      await keys.press('Enter');
      await page.getByText('Found it: a slow index.').first().waitFor();
      await publicPageShows('Found it: a slow index.', `/incidents/${incidentId}/`);
      expect(problems).toEqual([]);
    }, 120_000);

    it('an ended session goes back to sign-in, keeps the typed message, and returns to the incident with it', async () => {
      const { page } = await newPage();
      await signIn(page, IC, '/console/incidents/new');
      await page.getByLabel('Title', { exact: true }).fill('Login delays');
      await page.locator('#severity-SEV3').check();
      await page.getByLabel('Message').fill('Logins take a minute.');
      await page.getByRole('button', { name: 'Declare incident' }).click();
      await page.waitForURL(/\/console\/incidents\/INC-/);
      const incidentPath = new URL(page.url()).pathname;

      const typed = 'Half-written: the identity provider is slow; we have asked them.';
      await page.getByLabel('Message').fill(typed);
      for (const session of await stack.deps.app.store.sessions.list()) await stack.deps.app.store.sessions.delete(session.id_hash);
      await page.getByRole('button', { name: 'Post update' }).click();
      await page.getByText('Your session has ended').waitFor();
      expect(await page.locator('textarea[readonly]').first().inputValue()).toBe(typed);
      await page.screenshot({ path: join(SCREENSHOTS, 'console-session-ended.png'), fullPage: true });

      await signIn(page, IC, incidentPath);
      expect(new URL(page.url()).pathname).toBe(incidentPath);
      expect(await page.getByLabel('Message').inputValue()).toBe(typed);
    }, 120_000);

    it('finds no accessibility violations on any screen, light or dark, and lays out at 390 px', async () => {
      const { page } = await newPage();
      await signIn(page);
      const cookies = await page.context().cookies();
      const declared = await fetch(`${stack.url}/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Slow checkout <script>alert(1)</script>', severity: 'SEV2', message: 'Checking **everything**.', components: { [checkoutId]: 'degraded_performance' } }),
      });
      const incidentId = ((await declared.json()) as { id: string }).id;
      const maintenance = await fetch(`${stack.url}/v1/maintenances`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Database upgrade', message: 'We upgrade the database; checkout may pause for a minute.', scheduled_for: new Date(Date.now() + 86_400_000).toISOString(), scheduled_until: new Date(Date.now() + 90_000_000).toISOString(), components: [checkoutId] }),
      });
      const maintenanceId = ((await maintenance.json()) as { id: string }).id;
      const screens = [
        ['now', '/console'],
        ['incidents', '/console/incidents'],
        ['declare', '/console/incidents/new'],
        ['incident', `/console/incidents/${incidentId}`],
        ['maintenance', '/console/maintenance'],
        ['maintenance-new', '/console/maintenance/new'],
        ['maintenance-window', `/console/maintenance/${maintenanceId}`],
        ['components', '/console/components'],
        ['subscribers', '/console/subscribers'],
        ['templates', '/console/templates'],
        ['templates-new', '/console/templates/new'],
        ['metrics', '/console/metrics'],
        ['people', '/console/people'],
        ['account', '/console/account'],
      ] as const;
      const failures: string[] = [];
      // axe in light and dark at desktop width (dark changes only colours, so there axe checks
      // the rules that read colours: contrast, and links told apart from text); at 390 px the
      // layout (nothing wider than the screen) and a screenshot in light (the colours are the same rules).
      for (const [colorScheme, width] of [['light', 1280], ['dark', 1280], ['light', 390]] as const) {
        {
          const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
          await context.addCookies(cookies);
          const tab = await context.newPage();
          for (const [name, path] of [...screens, ['sign-in', '/console/sign-in']] as const) {
            if (name === 'sign-in') await context.clearCookies();
            const res = await tab.goto(`${stack.url}${path}`);
            expect(res?.status(), path).toBe(200);
            await tab.screenshot({ path: join(SCREENSHOTS, `console-${name}-${colorScheme}${width === 390 ? '-390' : ''}.png`), fullPage: true });
            const axe =
              width === 390
                ? { violations: [] }
                : colorScheme === 'dark'
                  ? await new AxeBuilder({ page: tab }).withRules(['color-contrast', 'link-in-text-block']).analyze()
                  : await new AxeBuilder({ page: tab }).analyze();
            for (const v of axe.violations) failures.push(`${name} ${colorScheme} ${width}px: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
            if (width === 390) {
              const overflow = await tab.evaluate<number>(OVERFLOW);
              if (overflow > 0) failures.push(`${name} ${colorScheme}: ${overflow} px wider than a 390 px screen`);
            }
          }
          await context.close();
        }
      }
      expect(failures, failures.join('\n')).toEqual([]);
    }, 300_000);
  },
);
