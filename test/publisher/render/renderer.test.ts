import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRenderer, type Renderer } from '#publisher/render/renderer';
import { buildHistoryView, buildIncidentView, buildIndexView, buildNotFoundView } from '#publisher/render/site-model';
import { aComponent, aMaintenance, anIncident, anUpdate, aPageConfig, history, siteData } from '../../fixtures/site/builders.ts';
import { after, visibleText } from './html-text.ts';

let renderer: Renderer;

beforeAll(async () => {
  renderer = await loadRenderer();
}, 120_000);

const HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

describe('the index page', () => {
  it('says All Systems Operational when nothing is wrong', async () => {
    const html = await renderer.renderIndex(buildIndexView(siteData({ components: [aComponent({ name: 'API' })] })));

    expect(visibleText(html)).toContain('All Systems Operational');
    expect(html).toMatch(/<h1[^>]*>All Systems Operational<\/h1>/);
  });

  it('shows an open SEV1 as a major system outage, with its title, impact and latest update', async () => {
    const api = aComponent({ id: 'api', name: 'API', status: 'major_outage' });
    const incident = anIncident({
      id: 'INC-20251127-1000',
      title: 'API unavailable',
      severity: 'SEV1',
      status: 'identified',
      component_ids: ['api'],
      updates: [
        anUpdate({ incident_id: 'INC-20251127-1000', seq: 1, message: 'Looking into it.' }),
        anUpdate({ incident_id: 'INC-20251127-1000', seq: 2, status: 'identified', created_at: '2025-11-27T10:20:00.000Z', message: 'A **bad** deploy.' }),
      ],
    });

    const html = await renderer.renderIndex(buildIndexView(siteData({ components: [api], incidents: [incident] })));
    const text = visibleText(html);

    expect(html).toMatch(/<h1[^>]*>Major System Outage<\/h1>/);
    expect(html).toContain('<a href="/incidents/INC-20251127-1000/">API unavailable</a>');
    expect(text).toContain('Impact: Critical');
    expect(text).toContain('Identified · 27 Nov 2025, 10:20 UTC A bad deploy.');
    expect(text).not.toContain('Looking into it.');
    expect(text).toContain('Affects: API');
  });

  it('groups components under their group, each with its status and 90-day uptime', async () => {
    const components = [
      aComponent({ id: 'grp', name: 'Payments', group: true, position: 1 }),
      aComponent({ id: 'card', name: 'Cards', group_id: 'grp', position: 1, status: 'degraded_performance' }),
      aComponent({ id: 'web', name: 'Website', position: 2 }),
    ];
    const statusHistory = { card: history(['operational', '2025-01-01T00:00:00.000Z'], ['major_outage', '2025-11-26T00:00:00.000Z'], ['degraded_performance', '2025-11-26T12:00:00.000Z']) };

    const html = await renderer.renderIndex(buildIndexView(siteData({ components, statusHistory })));
    const payments = after(html, '<h3>Payments</h3>');

    expect(payments).toMatch(/<h3>Payments<\/h3>\s*<span class="badge status-degraded_performance">Degraded performance<\/span>/);
    expect(visibleText(payments)).toMatch(/^Payments Degraded performance Cards Degraded performance 90 days ago 30 days ago 99\.44% uptime over 90 days 98\.3% over 30 days Today/);
    expect(html).toContain('aria-label="99.44% uptime over the last 90 days; 2 days with an outage or degradation."');
    expect(html.match(/class="d d-/g)).toHaveLength(180);
    expect(html).toContain('<span class="d d-major" title="26 Nov 2025: 50% uptime, major outage"></span>');
  });

  it('shows a critical incident in monitoring on healthy components in its card, not as an outage in the banner', async () => {
    // Prepare: a SEV1 in monitoring; its component is back to operational.
    const api = aComponent({ id: 'api', name: 'API' });
    const incident = anIncident({ id: 'INC-20251127-1000', title: 'API errors', severity: 'SEV1', status: 'monitoring', component_ids: ['api'] });

    // Act
    const html = await renderer.renderIndex(buildIndexView(siteData({ components: [api], incidents: [incident] })));

    // Assess
    expect(html).toMatch(/<section class="banner banner-notice"/);
    expect(html).toMatch(/<h1[^>]*>All Components Operational<\/h1>/);
    expect(html).toContain('<a href="#open-incidents-heading">1 open incident: Monitoring</a>');
    expect(html).toContain('<title>Acme Status: All Components Operational</title>');
    expect(visibleText(html)).not.toMatch(/System Outage/);
    expect(visibleText(after(html, '<h2 id="open-incidents-heading"'))).toMatch(/^Ongoing incidents API errors Monitoring Impact: Critical/);
    expect(html).toMatch(/<article class="card incident-card impact-critical is-monitoring">/);
  });

  it('draws the bar of a component made today grey before it existed, explains the grey, and says its figure is over 1 day', async () => {
    // Prepare: made at 11:00, a minute of major outage at 11:10; it is 12:00.
    const component = aComponent({ id: 'new', name: 'New service', created_at: '2025-11-27T11:00:00.000Z' });
    const statusHistory = { new: history(['operational', '2025-11-27T11:00:00.000Z'], ['major_outage', '2025-11-27T11:10:00.000Z'], ['operational', '2025-11-27T11:11:00.000Z']) };

    // Act
    const html = await renderer.renderIndex(buildIndexView(siteData({ components: [component], statusHistory })));
    const row = after(html, '<span class="component-name">New service</span>');

    // Assess: the wide figure and the phone's (site.css shows one or the other) both say 1 day,
    expect(visibleText(row)).toMatch(/^New service Operational 90 days ago 30 days ago 98\.33% uptime over 1 day 98\.33% over 1 day Today/);
    expect(row).toMatch(/<span class="uptime-pct since-long">98\.33% uptime over 1 day<\/span>\s*<span class="uptime-pct since-short">98\.33% over 1 day<\/span>/);
    expect(html.match(/class="d d-nodata"/g)).toHaveLength(89);
    expect(html).toContain('aria-label="98.33% uptime over 1 day, since 27 Nov 2025; no data for the 89 days before; 1 day with an outage or degradation."');
    // and the legend explains the colours in use (today had an outage: no all-operational day).
    expect(visibleText(after(html, '<ul class="legend'))).toMatch(/^Major outage No data \(before the component was added\) Recent incidents/);
    expect(visibleText(html)).toContain('Uptime by UTC day, over the past 90 30 days');
  });

  it('has no legend when every bar is all operational', async () => {
    const html = await renderer.renderIndex(buildIndexView(siteData({ components: [aComponent({ name: 'API' })] })));

    expect(html).not.toContain('class="legend');
  });

  it('gives a resolved incident’s card no live border, and an open one its impact’s', async () => {
    const incidents = [
      anIncident({ title: 'Still broken', severity: 'SEV1', status: 'investigating', startedAt: '2025-11-27T10:00:00.000Z' }),
      anIncident({ title: 'Fixed yesterday', severity: 'SEV1', status: 'resolved', startedAt: '2025-11-26T10:00:00.000Z' }),
    ];

    const html = await renderer.renderIndex(buildIndexView(siteData({ incidents })));
    const css = renderer.assetFiles(aPageConfig())[0]!.body;

    expect(html).toMatch(/<article class="card incident-card impact-critical is-investigating">\s*<h3 class="card-title"><a [^>]*>Still broken/);
    expect(html).toMatch(/<article class="card incident-card impact-critical is-resolved">\s*<h3 class="card-title"><a [^>]*>Fixed yesterday/);
    expect(css).toContain('.incident-card.is-resolved{border-left:1px solid var(--border)}');
    // The resolved rule comes after the impact rules, so it wins at the same specificity.
    expect(css.indexOf('.incident-card.is-resolved')).toBeGreaterThan(css.indexOf('.incident-card.impact-critical'));
  });

  it('writes every time in UTC, with the page’s own zone beside it when that differs', async () => {
    const config = aPageConfig({ time_zone: 'Europe/Berlin' });
    const incident = anIncident({ id: 'INC-20251127-1000', updates: [anUpdate({ incident_id: 'INC-20251127-1000', created_at: '2025-11-27T10:20:00.000Z' })] });

    const html = await renderer.renderIndex(buildIndexView(siteData({ config, incidents: [incident] })));

    expect(html).toContain('<time datetime="2025-11-27T10:20:00.000Z" data-local>27 Nov 2025, 10:20 UTC (11:20 CET)</time>');
    expect(html).toContain('<time datetime="2025-11-27T12:00:00.000Z" data-local>27 Nov 2025, 12:00 UTC (13:00 CET)</time>');
    expect([...html.matchAll(/<time [^>]*>([^<]*)<\/time>/g)].map((m) => m[1]).every((text) => / UTC( \(.* CET\))?$/.test(text!))).toBe(true);
  });

  it('lists active and upcoming maintenance', async () => {
    const html = await renderer.renderIndex(
      buildIndexView(
        siteData({
          maintenances: [
            aMaintenance({ id: 'M1', title: 'Kernel patching', status: 'in_progress' }),
            aMaintenance({ id: 'M2', title: 'Network upgrade', status: 'scheduled' }),
            aMaintenance({ id: 'M3', title: 'Old work', status: 'completed' }),
          ],
        }),
      ),
    );
    const text = visibleText(html);

    expect(text).toContain('Maintenance in progress Kernel patching In progress');
    // The section links the maintenance calendar (/maintenance.ics), as every page's head does.
    expect(text).toContain('Scheduled maintenance Add to calendar Network upgrade Scheduled 30 Nov 2025, 02:00 UTC – 30 Nov 2025, 04:00 UTC');
    expect(html).toContain('<a href="/maintenance.ics" type="text/calendar">Add to calendar</a>');
    expect(html).toMatch(/<link rel="alternate" type="text\/calendar" title="Acme Status: maintenance calendar" href="\/maintenance.ics"/);
    expect(text).not.toContain('Old work');
    expect(html).toMatch(/<h1[^>]*>Service Under Maintenance<\/h1>/);
  });

  it('has a subscribe form that posts an email address with no JavaScript', async () => {
    const html = await renderer.renderIndex(buildIndexView(siteData()));

    expect(html).toContain('<form method="post" action="/v1/subscriptions">');
    expect(html).toMatch(/<label for="subscribe-email">Email address<\/label>/);
    expect(html).toMatch(/<input id="subscribe-email" name="email" type="email" required/);
    expect(html).toMatch(/<button type="submit">Subscribe<\/button>/);
  });

  it('escapes hostile titles, messages and component names', async () => {
    const component = aComponent({ id: 'c', name: HOSTILE, status: 'major_outage' });
    const incident = anIncident({ title: HOSTILE, component_ids: ['c'], updates: [anUpdate({ message: HOSTILE })] });

    const html = await renderer.renderIndex(buildIndexView(siteData({ components: [component], incidents: [incident] })));

    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(visibleText(html)).toContain(HOSTILE);
  });

  it('shows the configured name, logo and links, and drops a javascript: link', async () => {
    const config = aPageConfig({
      name: 'Acme <Cloud>',
      logo_url: 'https://cdn.example.com/logo.svg',
      links: [{ label: 'Support', url: 'https://help.example.com' }, { label: 'Evil', url: 'javascript:alert(1)' }],
    });

    const html = await renderer.renderIndex(buildIndexView(siteData({ config })));

    // In an attribute value, `<` is just a character: Astro escapes `&` and `"` there.
    expect(html).toContain('<img src="https://cdn.example.com/logo.svg" alt="Acme <Cloud>">');
    expect(html).toContain('<a href="https://help.example.com">Support</a>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<title>Acme &lt;Cloud&gt;: All Systems Operational</title>');
  });

  it('has no inline script or style, which the CDN’s CSP forbids', async () => {
    const data = siteData({ components: [aComponent()], incidents: [anIncident()] });
    const pages = [
      await renderer.renderIndex(buildIndexView(data)),
      await renderer.renderIncident(buildIncidentView(data, data.incidents[0]!.id)!),
      await renderer.renderHistory(buildHistoryView(data, null)),
      await renderer.renderHistory(buildHistoryView(data, '2025-11')!),
      await renderer.render404(buildNotFoundView(data)),
    ];

    for (const html of pages) {
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
      expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/site\.[0-9a-f]{12}\.css">/);
      expect(html).toMatch(/<script src="\/assets\/local-time\.[0-9a-f]{12}\.js" defer><\/script>/);
    }
  });

  it('stays within 50 KB gzipped with its stylesheet, for a large page', async () => {
    const components = Array.from({ length: 40 }, (_, i) => aComponent({ name: `Service ${i}` }));
    const incidents = Array.from({ length: 5 }, (_, i) =>
      anIncident({ startedAt: `2025-11-27T0${i}:00:00.000Z`, updates: [anUpdate({ message: 'Investigating. '.repeat(40) })] }),
    );
    const data = siteData({ components, incidents });

    const html = await renderer.renderIndex(buildIndexView(data));
    const css = renderer.assetFiles(data.config)[0]!.body;

    expect(gzipSync(html).length + gzipSync(css).length).toBeLessThan(50 * 1024);
  });
});

describe('the incident page', () => {
  function resolvedIncident(overrides = {}) {
    return anIncident({
      id: 'INC-20251120-0830',
      title: 'Login failures',
      severity: 'SEV2',
      status: 'resolved',
      startedAt: '2025-11-20T08:30:00.000Z',
      component_ids: ['web'],
      updates: [
        anUpdate({ incident_id: 'INC-20251120-0830', seq: 1, created_at: '2025-11-20T08:30:00.000Z', message: 'Some users cannot log in.', component_changes: [{ id: 'web', name: 'Web', old_status: 'operational', new_status: 'partial_outage' }] }),
        anUpdate({ incident_id: 'INC-20251120-0830', seq: 2, status: 'monitoring', created_at: '2025-11-20T09:10:00.000Z', message: 'A fix is out.' }),
        anUpdate({ incident_id: 'INC-20251120-0830', seq: 3, status: 'resolved', created_at: '2025-11-20T10:35:00.000Z', message: 'Resolved.', component_changes: [{ id: 'web', name: 'Web', old_status: 'partial_outage', new_status: 'operational' }] }),
      ],
      ...overrides,
    });
  }

  async function page(incident = resolvedIncident()) {
    const data = siteData({ components: [aComponent({ id: 'web', name: 'Web' })], incidents: [incident] });
    return renderer.renderIncident(buildIncidentView(data, incident.id)!);
  }

  it('shows the title, impact, affected components and duration', async () => {
    const text = visibleText(await page());

    expect(text).toContain('Login failures');
    expect(text).toContain('Impact Major');
    expect(text).toContain('Started 20 Nov 2025, 08:30 UTC Resolved 20 Nov 2025, 10:35 UTC Duration 2 h 5 min');
    expect(text).toContain('Affected components Web (operational now)');
  });

  it('lists the updates newest first, each with a UTC <time datetime>', async () => {
    const html = await page();
    const timeline = after(html, '<ol class="timeline"');

    expect(visibleText(timeline)).toMatch(/^Resolved 20 Nov 2025, 10:35 UTC Resolved\. Web: Partial outage → Operational Monitoring 20 Nov 2025, 09:10 UTC A fix is out\. Investigating 20 Nov 2025, 08:30 UTC Some users cannot log in\. Web: Operational → Partial outage/);
    expect(timeline).toContain('<time datetime="2025-11-20T10:35:00.000Z" data-local>20 Nov 2025, 10:35 UTC</time>');
  });

  it('shows the postmortem once published, and not before', async () => {
    const draft = { body: '## Root cause\n\nAn expired certificate.', published: false, published_at: null, updated_at: '2025-11-21T10:00:00.000Z' };

    const unpublished = visibleText(await page(resolvedIncident({ postmortem: draft })));
    const published = await page(resolvedIncident({ postmortem: { ...draft, published: true, published_at: '2025-11-21T12:00:00.000Z' } }));

    expect(unpublished).not.toContain('Postmortem');
    expect(unpublished).not.toContain('expired certificate');
    expect(published).toContain('<h3>Root cause</h3>');
    expect(visibleText(published)).toContain('Postmortem Published 21 Nov 2025, 12:00 UTC Root cause An expired certificate.');
  });

  it('renders a hostile update through the sanitiser', async () => {
    const message = `${HOSTILE}\n\nSee [x](javascript:alert(1)) and [y](JAVASCRIPT:alert(2)) ${'w'.repeat(10_000)}`;

    const html = await page(resolvedIncident({ updates: [anUpdate({ incident_id: 'INC-20251120-0830', message })] }));

    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/<img|javascript:/i);
    expect(visibleText(html)).toContain('See x and y');
    expect(html).toContain('w'.repeat(10_000));
  });

  it('says how long an open incident has lasted so far', async () => {
    const text = visibleText(await page(anIncident({ id: 'INC-20251127-1000', startedAt: '2025-11-27T09:15:00.000Z' })));

    expect(text).toContain('Duration 2 h 45 min so far');
    expect(text).not.toContain('Resolved 2');
  });
});

describe('the history pages', () => {
  // 30 incidents a day apart, from 1 Oct 2025: 25 on the landing, 30 in October, 0 in November.
  const incidents = Array.from({ length: 30 }, (_, i) =>
    anIncident({ title: `Incident ${i + 1}`, status: 'resolved', startedAt: new Date(Date.UTC(2025, 9, 1) + i * 86_400_000).toISOString() }),
  );
  const data = siteData({ incidents });
  const titles = (html: string) => [...html.matchAll(/<h2 class="card-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

  it('lists the 25 latest incidents on the landing, newest first, and links every month', async () => {
    const html = await renderer.renderHistory(buildHistoryView(data, null));

    expect(titles(html)).toHaveLength(25);
    expect(titles(html)[0]).toBe('Incident 30');
    expect(titles(html)[24]).toBe('Incident 6');
    expect(html).toContain('<link rel="canonical" href="https://status.example.com/history/">');
    expect(html).toContain('<title>Incident history · Acme Status</title>');
    expect(after(html, 'id="archive"')).toMatch(/<a href="\/history\/2025-11\/">Nov<span class="visually-hidden"> 2025<\/span><\/a>/);
    expect(visibleText(after(html, '<nav id="archive"'))).toMatch(/^Incidents by month 2025 Nov 2025 Oct 2025 Incident history/);
    expect(html).not.toContain('rel="next"');
  });

  it('lists every incident declared in a month on its page, with the months either side', async () => {
    const html = await renderer.renderHistory(buildHistoryView(data, '2025-10')!);

    expect(titles(html)).toHaveLength(30);
    expect(titles(html)[0]).toBe('Incident 30');
    expect(titles(html)[29]).toBe('Incident 1');
    expect(html).toMatch(/<h1[^>]*>October 2025<\/h1>/);
    expect(html).toContain('<title>Incident history: October 2025 · Acme Status</title>');
    expect(html).toContain('<link rel="canonical" href="https://status.example.com/history/2025-10/">');
    expect(visibleText(html)).toContain('30 incidents, newest first');
    expect(html).toMatch(/<a href="\/history\/2025-11\/" rel="prev">← Newer month <span class="pager-month">November 2025<\/span><\/a>/);
    expect(html).toContain('<a href="/history/#archive">All months</a>');
    expect(html).not.toContain('rel="next"');
  });

  it('says so for a month without incidents', async () => {
    const html = await renderer.renderHistory(buildHistoryView(data, '2025-11')!);

    expect(visibleText(html)).toContain('No incidents reported in November 2025.');
    expect(html).toMatch(/<a href="\/history\/2025-10\/" rel="next">Older month → <span class="pager-month">October 2025<\/span><\/a>/);
    expect(html).not.toContain('rel="prev"');
  });

  it('says so when there is no incident yet, with no months to list', async () => {
    const html = await renderer.renderHistory(buildHistoryView(siteData(), null));

    expect(visibleText(html)).toContain('No incidents reported.');
    expect(html).not.toContain('id="archive"');
  });

  it('links an incident’s page to its month', async () => {
    const html = await renderer.renderIncident(buildIncidentView(data, incidents[0]!.id)!);

    expect(html).toContain('<a href="/history/">Incident history</a> › <a href="/history/2025-10/">October 2025</a></nav>');
  });
});

describe('the 404 page', () => {
  it('says the page was not found and links home, unindexed', async () => {
    const html = await renderer.render404(buildNotFoundView(siteData()));

    expect(visibleText(html)).toContain('Page not found');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<a href="/">See the current status</a>');
  });
});

describe('assetFiles', () => {
  it('gives a hashed stylesheet with the configured accent, cached for a year', () => {
    const [css, script] = renderer.assetFiles({ colors: { accent: '#ff0000' } });

    expect(css).toMatchObject({ contentType: 'text/css; charset=utf-8', cacheControl: 'public, max-age=31536000, immutable' });
    expect(css!.path).toMatch(/^assets\/site\.[0-9a-f]{12}\.css$/);
    expect(String(css!.body)).toMatch(/^:root\{--accent:#[0-9a-f]{6};--accent-dark:#[0-9a-f]{6}\}/);
    expect(script).toMatchObject({ contentType: 'text/javascript; charset=utf-8', cacheControl: 'public, max-age=31536000, immutable' });
  });

  it('names the stylesheet after its content, so a new accent is a new file', () => {
    const [red] = renderer.assetFiles({ colors: { accent: '#ff0000' } });
    const [blue] = renderer.assetFiles({ colors: { accent: '#0000ff' } });

    expect(red!.path).not.toBe(blue!.path);
  });
});
