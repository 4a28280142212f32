// The Metrics screen against DynamoDB Local, on the one test clock: an empty state, then a seeded
// set of incidents (declared, updated and resolved through the use cases at set times) shown as
// the numbers /v1/metrics gives, in tables and in SVG charts naming the same numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareIncident } from '#app/incidents/declare-incident';
import { postIncidentUpdate } from '#app/incidents/post-incident-update';
import { TEST_EPOCH } from '../support/clock';
import { createConsoleTestApi, signedInBrowser, type Browser, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
let viewer: Browser;
beforeAll(async () => {
  api = await createConsoleTestApi();
  viewer = await signedInBrowser(api, 'viewer@example.com', 'viewer');
});
afterAll(() => api.drop());

const at = (iso: string) => ({ actor: 'test', now: (api.setNow(iso), iso) });

/** The text of the element with this id (the table or chart), roughly: enough to find numbers in. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThan(-1);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

describe('with no incidents', () => {
  it('says there is nothing to measure yet, and still shows the months', async () => {
    const res = await viewer.get('/console/metrics');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('No incidents were declared in the last 30 days');
    expect(html).not.toContain('Time to first public update');
    expect(html).toContain('Incidents per month');
  });
});

describe('with incidents', () => {
  beforeAll(async () => {
    // SEV1 A: impact 09:50, declared 10:00 (first update after 10 min), promise 10:30 kept by an
    // update at 10:20 promising 10:40, resolved late at 10:50 (60 min after the impact began).
    const a = await declareIncident(
      api.deps,
      { title: 'A', severity: 'SEV1', message: 'Looking.', started_at: '2026-11-20T09:50:00.000Z', next_update_at: '2026-11-20T10:30:00.000Z' },
      at('2026-11-20T10:00:00.000Z'),
    );
    await postIncidentUpdate(api.deps, a.id, { status: 'identified', message: 'Found it.', next_update_at: '2026-11-20T10:40:00.000Z' }, at('2026-11-20T10:20:00.000Z'));
    await postIncidentUpdate(api.deps, a.id, { status: 'resolved', message: 'Fixed.' }, at('2026-11-20T10:50:00.000Z'));
    // SEV1 B: impact 09:30, declared 10:00 (30 min), promise 10:15 broken, resolved 11:30 (120 min).
    const b = await declareIncident(
      api.deps,
      { title: 'B', severity: 'SEV1', message: 'Looking.', started_at: '2026-11-21T09:30:00.000Z', next_update_at: '2026-11-21T10:15:00.000Z' },
      at('2026-11-21T10:00:00.000Z'),
    );
    await postIncidentUpdate(api.deps, b.id, { status: 'resolved', message: 'Fixed.' }, at('2026-11-21T11:30:00.000Z'));
    // SEV3 C: in October, outside the last 30 days, inside the last 90; still open.
    await declareIncident(api.deps, { title: 'C', severity: 'SEV3', message: 'Slow.' }, at('2026-10-15T12:00:00.000Z'));
    api.setNow(TEST_EPOCH);
  });

  it('shows time to first update and to resolve by severity (median, p90) in tables and charts', async () => {
    const html = await (await viewer.get('/console/metrics?days=30')).text();
    expect(html).toContain('<strong>2</strong>');
    const first = section(html, 'first-update');
    expect(first).toMatch(/SEV1<\/span><\/th><td>2<\/td><td>20 min<\/td><td>28 min<\/td>/);
    expect(first).toContain('<title id="chart-first-update-title">Time to first public update by severity, minutes (median and p90)</title>');
    expect(first).toContain('SEV1: median 20 min, p90 28 min');
    expect(first).toMatch(/<svg class="chart"[^>]*role="img"[^>]*aria-labelledby="chart-first-update-title chart-first-update-desc"/);
    const resolve = section(html, 'resolve');
    expect(resolve).toMatch(/SEV1<\/span><\/th><td>2<\/td><td>90 min<\/td><td>114 min<\/td>/);
    expect(resolve).toContain('SEV1: median 90 min, p90 114 min');
    expect(first).not.toContain('SEV3'); // only severities with incidents in the window
  });

  it('shows the promises kept, as /v1/metrics counts them', async () => {
    const v1 = (await (await api.request('GET', `/v1/metrics?from=2026-10-28T08:00:00.000Z&to=${TEST_EPOCH}`)).json()) as { promises_kept: unknown };
    expect(v1.promises_kept).toEqual({ measured: 3, kept: 1, percentage: 33.33 });
    const cadence = section(await (await viewer.get('/console/metrics')).text(), 'cadence');
    expect(cadence).toMatch(/SEV1<\/span><\/th><td>3<\/td><td>1<\/td><td>33\.3%<\/td>/);
    expect(cadence).toContain('All: kept 33.3%');
  });

  it('counts incidents per month over the chosen window, in a bar chart and a table', async () => {
    const thirty = section(await (await viewer.get('/console/metrics?days=30')).text(), 'per-month');
    expect(thirty).toContain('Oct 2026: 0; Nov 2026: 2');
    expect(thirty).toMatch(/<th scope="row">Nov 2026<\/th><td>2<\/td><td>0<\/td><td>2<\/td>/);

    const ninety = await (await viewer.get('/console/metrics?days=90')).text();
    expect(ninety).toContain('<strong>3</strong>');
    expect(section(ninety, 'per-month')).toContain('Aug 2026: 0; Sep 2026: 0; Oct 2026: 1; Nov 2026: 2');

    const year = await (await viewer.get('/console/metrics?days=365')).text();
    expect(year).toContain('from <time datetime="2025-11-27T08:00:00.000Z">27 Nov 2025</time> to <time datetime="2026-11-27T08:00:00.000Z">27 Nov 2026</time>');
    expect(section(year, 'per-month')).toContain('Nov 2025: 0; Dec 2025: 0; Jan 2026: 0;');

    const res = await api.request('GET', `/v1/metrics/incidents-per-month?from=2026-10-28T08:00:00.000Z&to=${TEST_EPOCH}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { months: Array<{ month: string; incidents: number; by_severity: Record<string, number> }> };
    expect(body.months.map((m) => [m.month, m.incidents])).toEqual([
      ['2026-10', 0],
      ['2026-11', 2],
    ]);
    expect(body.months[1]!.by_severity.SEV1).toBe(2);
  });

  it('refuses a window it does not offer (400), and names the route in the OpenAPI document', async () => {
    const res = await viewer.get('/console/metrics?days=7');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('choose one of them');
    const doc = (await (await api.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { security: unknown }>> };
    expect(doc.paths['/v1/metrics/incidents-per-month']?.get?.security).toEqual([{ bearer: ['read'] }]);
  });

  it('shows hostile component names escaped', async () => {
    const created = await api.request('POST', '/v1/components', { name: '<script>alert(1)</script>' });
    expect(created.status).toBe(201);
    const html = await (await viewer.get('/console/metrics')).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
