import { describe, expect, it } from 'vitest';
import { pagesTouchedBy, type SiteChange } from '#publisher/render/pages-touched';
import { historyMonths, monthOf } from '#publisher/render/site-data';
import { historyPagePath, renderSiteFiles, type PageSelection, type SiteFile } from '#publisher/render/site-files';
import type { SiteData } from '#publisher/render/site-data';
import type { MaintenanceWithUpdates } from '#core/model';
import { aLongHistory, aMaintenance, aMaintenanceUpdate, anIncident, loadedFor, siteData, NOW } from '../../fixtures/site/builders.ts';

const SHORT = 'public, max-age=10, stale-while-revalidate=30, stale-if-error=86400';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** 26 incidents a day apart from 1 Oct 2025: October and November (NOW's month). */
function twentySixIncidents() {
  return siteData({
    incidents: Array.from({ length: 26 }, (_, i) => anIncident({ startedAt: new Date(Date.UTC(2025, 9, 1) + i * 86_400_000).toISOString(), status: 'resolved' })),
  });
}

const pagesOf = (files: SiteFile[]) => files.map((f) => f.path).filter((p) => !p.startsWith('assets/'));

describe('historyPagePath', () => {
  it('keys the landing and each month’s page', () => {
    expect(historyPagePath(null)).toBe('history/index.html');
    expect(historyPagePath('2026-11')).toBe('history/2026-11/index.html');
  });
});

describe('renderSiteFiles', () => {
  it('writes every output of CONTRACT §3 at its path for a full build, a page for every month', async () => {
    const data = twentySixIncidents();

    const files = await renderSiteFiles(data, 'all');
    const paths = files.map((f) => f.path);

    expect(paths.filter((p) => !p.startsWith('incidents/') && !p.startsWith('assets/')).sort()).toEqual([
      '404.html',
      'api/v2/components.json',
      'api/v2/incidents.json',
      'api/v2/incidents/unresolved.json',
      'api/v2/scheduled-maintenances.json',
      'api/v2/scheduled-maintenances/active.json',
      'api/v2/scheduled-maintenances/upcoming.json',
      'api/v2/status.json',
      'api/v2/summary.json',
      'badge-dark.svg',
      'badge.svg',
      'history.atom',
      'history.rss',
      'history/2025-10/index.html',
      'history/2025-11/index.html',
      'history/index.html',
      'index.html',
      'maintenance.ics',
    ]);
    expect(paths.filter((p) => p.startsWith('incidents/')).sort()).toEqual(data.incidents.map((i) => `incidents/${i.id}/index.html`).sort());
    expect(paths.filter((p) => p.startsWith('assets/'))).toEqual([expect.stringMatching(/^assets\/site\.[0-9a-f]{12}\.css$/), expect.stringMatching(/^assets\/local-time\.[0-9a-f]{12}\.js$/)]);
  });

  it('writes a page for every month from the first incident’s to now, empty ones included', async () => {
    const data = siteData({ incidents: [anIncident({ startedAt: '2025-06-15T10:00:00.000Z', status: 'resolved' })] });

    const paths = (await renderSiteFiles(data, 'all')).map((f) => f.path).filter((p) => p.startsWith('history/'));

    expect(paths).toEqual(['history/index.html', ...['2025-11', '2025-10', '2025-09', '2025-08', '2025-07', '2025-06'].map((m) => `history/${m}/index.html`)]);
  });

  it('writes the landing but no month when there is no incident yet', async () => {
    const paths = (await renderSiteFiles(siteData(), 'all')).map((f) => f.path);

    expect(paths.filter((p) => p.startsWith('history/'))).toEqual(['history/index.html']);
  });

  it('labels each file with its content type and a short cache, hashed assets cached for good', async () => {
    const files = await renderSiteFiles(siteData({ incidents: [anIncident()] }), 'all');
    const byPath = (path: string) => files.find((f) => f.path === path)!;

    expect(byPath('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: SHORT });
    expect(byPath('history/2025-11/index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: SHORT });
    expect(byPath('history.rss')).toMatchObject({ contentType: 'application/rss+xml; charset=utf-8', cacheControl: SHORT });
    expect(byPath('history.atom')).toMatchObject({ contentType: 'application/atom+xml; charset=utf-8', cacheControl: SHORT });
    expect(byPath('api/v2/summary.json')).toMatchObject({ contentType: 'application/json', cacheControl: SHORT });
    for (const asset of files.filter((f) => f.path.startsWith('assets/'))) expect(asset.cacheControl).toBe(IMMUTABLE);
    expect(JSON.parse(String(byPath('api/v2/status.json').body))).toHaveProperty('status.indicator', 'major');
  });

  it('puts the assets first, so that an uploader in order never publishes a page before its stylesheet', async () => {
    const files = await renderSiteFiles(siteData(), 'all');

    expect(files[0]!.path).toMatch(/^assets\//);
    expect(files[1]!.path).toMatch(/^assets\//);
  });

  it('renders only what a selection names, skipping months outside the history', async () => {
    const data = twentySixIncidents();
    const id = data.incidents[3]!.id;

    const files = await renderSiteFiles(data, { index: false, incidentIds: [id, 'INC-unknown'], historyPages: ['2025-10', '2025-09', '2025-12', 'bad'], feeds: false, json: false });

    expect(pagesOf(files)).toEqual([`incidents/${id}/index.html`, 'history/2025-10/index.html']);
  });

  it('renders the landing with the index, and the current and previous months’ pages when the data holds them', async () => {
    const data = twentySixIncidents();

    const files = await renderSiteFiles(data, { index: true, incidentIds: [], historyPages: [], feeds: false, json: false });

    expect(pagesOf(files)).toEqual(['index.html', 'history/index.html', 'history/2025-11/index.html', 'history/2025-10/index.html']);
  });

  it('leaves out a current or previous month the data may not hold all of', async () => {
    // 60 incidents, one every 12 hours to NOW: the 50 latest reach back into 2 Nov, so October
    // is not all there unless the selection names it (and the publisher loaded it).
    const incidents = Array.from({ length: 60 }, (_, i) => anIncident({ status: 'resolved', startedAt: new Date(Date.parse(NOW) - (i + 1) * 43_200_000).toISOString() }));
    const data = loadedFor(siteData({ incidents }), []);
    const selection: PageSelection = { index: true, incidentIds: [], historyPages: [], feeds: false, json: false };

    expect(pagesOf(await renderSiteFiles(data, selection))).toEqual(['index.html', 'history/index.html']);
    expect(pagesOf(await renderSiteFiles(loadedFor(siteData({ incidents }), ['2025-10']), { ...selection, historyPages: ['2025-10'] }))).toEqual([
      'index.html',
      'history/index.html',
      'history/2025-10/index.html',
    ]);
  });

  it('writes only data files, no assets, when no page is selected', async () => {
    const files = await renderSiteFiles(siteData(), { index: false, incidentIds: [], historyPages: [], feeds: true, json: true });

    // Two feeds, eight JSON files and the page's two badges (no components, so no others).
    expect(files.map((f) => f.path)).toHaveLength(12);
    expect(files.some((f) => f.path.endsWith('.html') || f.path.startsWith('assets/'))).toBe(false);
  });
});

describe('an incremental publish from only the incidents it loads', () => {
  // 600 incidents over about ten months, a quiet stretch, a few long-running and a few still open.
  const full = siteData({ incidents: aLongHistory(600) });
  const builds = new Map<SiteData, Promise<Map<string, string>>>();
  const fullBuild = (data: SiteData) => {
    if (!builds.has(data)) builds.set(data, renderSiteFiles(data, 'all').then((files) => new Map(files.map((f) => [f.path, String(f.body)]))));
    return builds.get(data)!;
  };

  /** Renders what `changes` touch from the incidents the publisher loads for them, checks each
   * file against a full build's, and gives the paths. */
  async function expectSameAsFullBuild(changes: SiteChange | SiteChange[], from: SiteData = full): Promise<string[]> {
    const selection = pagesTouchedBy(changes, from);
    const data = loadedFor(from, selection.historyPages === 'all' ? [] : selection.historyPages);
    expect(data.incidents.length).toBeLessThan(from.incidents.length / 3);

    const files = await renderSiteFiles(data, selection);
    const all = await fullBuild(from);

    for (const file of files) {
      expect(all.has(file.path), file.path).toBe(true);
      expect(String(file.body), file.path).toBe(all.get(file.path));
    }
    return files.map((f) => f.path);
  }

  it('has months with many incidents, months with none, and old incidents still open or recently resolved', () => {
    const months = historyMonths(full);
    const perMonth = (m: string) => full.incidents.filter((i) => monthOf(i.created_at) === m).length;

    expect(months.length).toBeGreaterThan(8);
    expect(months.filter((m) => perMonth(m) === 0).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...months.map(perMonth))).toBeGreaterThan(25);
    expect(full.incidents.some((i) => i.status !== 'resolved' && monthOf(i.created_at) < monthOf(NOW))).toBe(true);
  });

  it('writes the landing, the month page and the rest byte for byte as a full build does, for an old incident', async () => {
    const old = full.incidents.filter((i) => i.status === 'resolved').sort((a, b) => a.created_at.localeCompare(b.created_at))[40]!;

    const paths = await expectSameAsFullBuild({ kind: 'incident', id: old.id });

    expect(paths).toEqual(expect.arrayContaining(['index.html', 'history/index.html', historyPagePath(monthOf(old.created_at)), `incidents/${old.id}/index.html`, 'history.rss', 'api/v2/incidents.json']));
  });

  it('does so for a new incident in the current month', async () => {
    const newest = [...full.incidents].sort((a, b) => b.created_at.localeCompare(a.created_at))[0]!;
    expect(monthOf(newest.created_at)).toBe(monthOf(NOW));

    const paths = await expectSameAsFullBuild({ kind: 'incident', id: newest.id, created: true });

    expect(paths).toContain(historyPagePath(monthOf(NOW)));
  });

  it('does so for a component’s status, rendering the landing but no month it lacks', async () => {
    const paths = await expectSameAsFullBuild({ kind: 'component', id: 'api' });

    expect(paths.filter((p) => p.startsWith('history/'))).toEqual(['history/index.html']);
  });

  it('does so for the current and previous months’ pages a quiet time renders with the landing', async () => {
    const quiet = siteData({ incidents: aLongHistory(600), now: '2026-02-10T12:00:00.000Z' });

    const paths = await expectSameAsFullBuild({ kind: 'maintenance', id: 'MNT-1' }, quiet);

    expect(paths.filter((p) => p.startsWith('history/'))).toEqual(['history/index.html', 'history/2026-02/index.html', 'history/2026-01/index.html']);
  });

  it('does so for an empty month and for the first month', async () => {
    const months = historyMonths(full);
    const empty = months.find((m) => !full.incidents.some((i) => monthOf(i.created_at) === m))!;
    const selection: PageSelection = { index: true, incidentIds: [], historyPages: [empty, months.at(-1)!], feeds: true, json: true };
    const files = await renderSiteFiles(loadedFor(full, selection.historyPages as string[]), selection);
    const all = await fullBuild(full);

    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([historyPagePath(empty), historyPagePath(months.at(-1)!)]));
    for (const file of files) expect(String(file.body), file.path).toBe(all.get(file.path));
  });

  it('touches the same few pages for a history of 1,000 incidents as of 10,000', () => {
    const touched = [1_000, 10_000].map((count) => {
      const data = siteData({ incidents: aLongHistory(count) });
      const newest = [...data.incidents].sort((a, b) => b.created_at.localeCompare(a.created_at))[0]!;
      return pagesTouchedBy({ kind: 'incident', id: newest.id, created: true }, data);
    });

    expect(touched[0]!.historyPages).toEqual([monthOf(NOW)]);
    expect(touched[1]!.historyPages).toEqual([monthOf(NOW)]);
  });
});

/** `count` maintenance windows, one every 31 hours back from NOW (completed), and two to come. */
function aMaintenanceHistory(count: number): MaintenanceWithUpdates[] {
  const end = Date.parse(NOW);
  const windows: MaintenanceWithUpdates[] = [];
  for (let n = 0; n < count + 2; n++) {
    const start = end - (n - 2) * 31 * 3_600_000 - 7_200_000; // n = 0, 1: upcoming
    const at = (ms: number) => new Date(start + ms).toISOString();
    const id = `MNT-${n}`;
    const done = start + 3_600_000 < end;
    windows.push(
      aMaintenance({
        id,
        title: `Window #${n}`,
        status: done ? 'completed' : 'scheduled',
        scheduled_for: at(0),
        scheduled_until: at(3_600_000),
        updated_at: done ? at(3_600_000) : at(-86_400_000),
        completed_at: done ? at(3_600_000) : null,
        updates: [
          aMaintenanceUpdate({ maintenance_id: id, seq: 1, status: 'scheduled', created_at: at(-86_400_000), message: `Planned #${n}.` }),
          ...(done ? [aMaintenanceUpdate({ maintenance_id: id, seq: 2, status: 'completed', created_at: at(3_600_000), message: `Done #${n}.` })] : []),
        ],
      }),
    );
  }
  return windows;
}

describe('completed maintenance in the history and the feeds', () => {
  const full = siteData({ incidents: aLongHistory(600), maintenances: aMaintenanceHistory(300) });
  let built: Promise<Map<string, string>> | undefined;
  const fullBuild = () => (built ??= renderSiteFiles(full, 'all').then((files) => new Map(files.map((f) => [f.path, String(f.body)]))));

  async function expectSameAsFullBuild(change: SiteChange): Promise<Map<string, string>> {
    const selection = pagesTouchedBy(change, full);
    const data = loadedFor(full, selection.historyPages === 'all' ? [] : selection.historyPages);
    expect(data.maintenances.length).toBeLessThan(full.maintenances.length / 2);
    const files = await renderSiteFiles(data, selection);
    const all = await fullBuild();
    for (const file of files) expect(String(file.body), file.path).toBe(all.get(file.path));
    return new Map(files.map((f) => [f.path, String(f.body)]));
  }

  it('lists a completed window on the page of the month it was scheduled to start in, and in both feeds', async () => {
    const all = await fullBuild();
    const old = full.maintenances.find((m) => m.id === 'MNT-200')!;
    const page = all.get(historyPagePath(monthOf(old.scheduled_for)))!;

    expect(page).toContain('id="maintenance-MNT-200"');
    expect(page).toContain('Window #200');
    expect(all.get('history/index.html')).toContain('Window #2<');
    expect(all.get('history.rss')).toContain('Maintenance: Window #2<');
    expect(all.get('history.atom')).toContain('Maintenance: Window #2<');
    expect(all.get('history.atom')).toContain(`/history/${monthOf(full.maintenances[2]!.scheduled_for)}/#maintenance-MNT-2`);
  });

  it('renders an old window’s month page, the landing and the feeds byte for byte as a full build, from a few windows', async () => {
    const old = full.maintenances.find((m) => m.id === 'MNT-250')!;

    const files = await expectSameAsFullBuild({ kind: 'maintenance', id: old.id });

    expect([...files.keys()]).toEqual(expect.arrayContaining(['history/index.html', historyPagePath(monthOf(old.scheduled_for)), 'history.rss', 'history.atom']));
    expect(files.get(historyPagePath(monthOf(old.scheduled_for)))).toContain('id="maintenance-MNT-250"');
  });

  it('does so for a window that just completed, and for an incident whose month lists windows too', async () => {
    await expectSameAsFullBuild({ kind: 'maintenance', id: 'MNT-2' });
    const incident = full.incidents.filter((i) => i.status === 'resolved').sort((a, b) => a.created_at.localeCompare(b.created_at))[100]!;

    const files = await expectSameAsFullBuild({ kind: 'incident', id: incident.id });

    expect(files.get(historyPagePath(monthOf(incident.created_at)))).toContain('maintenance-MNT-');
  });

  it('starts the history at a completed window older than every incident', () => {
    const data = siteData({
      incidents: [anIncident({ startedAt: '2025-11-01T10:00:00.000Z', status: 'resolved' })],
      maintenances: [aMaintenance({ status: 'completed', scheduled_for: '2025-09-10T02:00:00.000Z', scheduled_until: '2025-09-10T04:00:00.000Z' })],
    });

    expect(historyMonths(data)).toEqual(['2025-11', '2025-10', '2025-09']);
  });
});
