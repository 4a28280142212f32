// The mails and the subscription pages in a real browser: screenshots (under
// .herald/screenshots/, to look at) at a desktop and a phone width, nothing wider than the screen,
// nothing loaded from the network, and the main actions visible.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationContent } from '#app/notifications/notification';
import type { Subscriber } from '#app/subscriptions/subscriber';
import { confirmedPage, managePage, subscribeAcceptedPage, unsubscribeConfirmPage } from '#api/subscription-pages';
import { parseConfig } from '#config/config';
import type { Component } from '#core/model';
import { renderConfirmationMail } from '#mailer/templates/confirmation-mail';
import { renderNotificationMail } from '#mailer/templates/notification-mail';
import rawConfig from '../../herald.config.json' with { type: 'json' };

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOTS = join(process.cwd(), '.herald', 'screenshots');
const page = parseConfig(rawConfig, { pageUrl: 'https://status.example.com' }).page;
const token = 'm.abcdefghijklmnopqrst.AAAAAAAAAAAAAAAAAAAAAA';
const links = {
  unsubscribe: `https://status.example.com/v1/subscriptions/unsubscribe?token=${token}`,
  manage: `https://status.example.com/v1/subscriptions/manage?token=${token}`,
};

const incident: NotificationContent = {
  kind: 'incident',
  subject_id: 'INC-20261127-0905',
  seq: 2,
  title: 'Checkout is failing for card payments in the EU region',
  status: 'identified',
  message: [
    'We found the cause: a **bad deploy** of the payment gateway at 08:50 UTC.',
    '',
    '- Card payments fail with `502 Bad Gateway`',
    '- PayPal and invoices are *not* affected',
    '',
    'We are rolling back. Follow along on [the status page](https://status.example.com/) or in our',
    'runbook at https://runbooks.example.com/payments/gateway/rollback-procedure-for-the-eu-region-cluster.',
    '',
    '```',
    'curl -s https://api.example.com/health  # returns 502 until the rollback completes',
    '```',
    '',
    '> Next update within 30 minutes.',
  ].join('\n'),
  posted_at: '2026-11-27T09:20:00.000Z',
  window: null,
  affected: [
    { name: 'Checkout', status: 'major_outage' },
    { name: 'Payments API', status: 'partial_outage' },
  ],
  components: [],
};

const maintenance: NotificationContent = {
  ...incident,
  kind: 'maintenance',
  subject_id: 'mnt123',
  title: 'Database upgrade',
  status: 'scheduled',
  message: 'Expect up to a minute of read-only mode.',
  window: { from: '2026-12-01T02:00:00Z', until: '2026-12-01T03:00:00Z' },
  affected: [{ name: 'Database', status: null }],
};

const at = '2026-11-27T09:00:00.000Z';
const component = (id: string, name: string, group_id: string | null = null, group = false): Component => ({
  id, name, description: null, group_id, group, status: 'operational', position: 0, showcase: true, only_show_if_degraded: false, created_at: at, updated_at: at, version: 1,
});
const subscriber: Subscriber = {
  id: 'abcdefghijklmnopqrst', email: 'jane.doe@example.com', status: 'confirmed', components: ['api'], source: 'form',
  created_at: at, updated_at: at, confirmed_at: at, confirm_requested_at: null, version: 2,
};

const DOCUMENTS = [
  { name: 'mail-incident', html: renderNotificationMail(incident, page).html(links), action: 'View the incident' },
  { name: 'mail-maintenance', html: renderNotificationMail(maintenance, page).html(links), action: 'View the status page' },
  { name: 'mail-confirmation', html: renderConfirmationMail(page, `https://status.example.com/v1/subscriptions/confirm?token=c.abcdefghijklmnopqrst.1795000000.AAAAAAAAAAAAAAAAAAAAAA`, 24).html, action: 'Confirm subscription' },
  { name: 'page-subscribed', html: subscribeAcceptedPage(page), action: 'Back to the status page' },
  { name: 'page-confirmed', html: confirmedPage(page, 'jane.doe@example.com', links.manage), action: 'choose components' },
  { name: 'page-unsubscribe', html: unsubscribeConfirmPage(page, 'jane.doe@example.com', links.unsubscribe, links.manage), action: 'Unsubscribe' },
  {
    name: 'page-manage',
    html: managePage(page, {
      subscriber,
      components: [component('platform', 'Platform', null, true), component('api', 'API', 'platform'), component('web', 'Web', 'platform'), component('billing', 'Billing')],
      saveAction: links.manage,
      unsubscribeAction: links.unsubscribe,
      saved: true,
    }),
    action: 'Save',
  },
];

describe('notification mail times', () => {
  it('states UTC alone for a page kept in UTC', () => {
    const mail = renderNotificationMail(maintenance, { ...page, time_zone: 'Etc/UTC' });

    expect(mail.text(links)).toContain('Window: 1 Dec 2026, 02:00 UTC to 1 Dec 2026, 03:00 UTC');
    expect(mail.text(links)).toContain('Posted: 27 Nov 2026, 09:20 UTC');
  });

  it('states UTC and the page’s configured zone, in the text and the HTML part', () => {
    // Prepare: a page configured for Berlin.
    const berlin = { ...page, time_zone: 'Europe/Berlin' };

    // Act
    const incidentMail = renderNotificationMail(incident, berlin);
    const maintenanceMail = renderNotificationMail(maintenance, berlin);

    // Assess
    expect(incidentMail.text(links)).toContain('Posted: 27 Nov 2026, 09:20 UTC (10:20 CET)');
    expect(incidentMail.html(links)).toContain('27 Nov 2026, 09:20 UTC (10:20 CET)');
    expect(maintenanceMail.text(links)).toContain('Window: 1 Dec 2026, 02:00 UTC (03:00 CET) to 1 Dec 2026, 03:00 UTC (04:00 CET)');
  });
});

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM ? 'mail and subscription pages in Chromium' : `mail and subscription pages in Chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
      await mkdir(SCREENSHOTS, { recursive: true });
    }, 120_000);
    afterAll(() => browser?.close());

    for (const { name, html, action } of DOCUMENTS) {
      for (const [size, width] of [['desktop', 800], ['phone', 375]] as const) {
        it(`renders ${name} at ${size} width`, async () => {
          const context = await browser.newContext({ viewport: { width, height: 900 } });
          const tab = await context.newPage();
          const requests: string[] = [];
          await tab.route('**/*', (route) => {
            requests.push(route.request().url());
            return route.abort();
          });
          await tab.setContent(html, { waitUntil: 'load' });
          await tab.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });

          const overflow = await tab.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
          expect(overflow, 'wider than the screen').toBeLessThanOrEqual(0);
          expect(requests).toEqual([]);
          const control = tab.getByRole('button', { name: action, exact: true }).or(tab.getByRole('link', { name: action, exact: true }));
          expect(await control.first().isVisible(), action).toBe(true);
          await context.close();
        });
      }
    }
  },
);
