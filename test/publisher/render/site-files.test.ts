import { describe, expect, it } from 'vitest';
import { renderSiteFiles } from '#publisher/render/site-files';
import { anIncident, siteData } from '../../fixtures/site/builders.ts';

const SHORT = 'public, max-age=10, stale-while-revalidate=30';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function twentySixIncidents() {
  return siteData({
    incidents: Array.from({ length: 26 }, (_, i) => anIncident({ startedAt: new Date(Date.UTC(2025, 9, 1) + i * 86_400_000).toISOString(), status: 'resolved' })),
  });
}

describe('renderSiteFiles', () => {
  it('writes every output of CONTRACT §3 at its path for a full build', async () => {
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
      'history.atom',
      'history.rss',
      'history/2/index.html',
      'history/index.html',
      'index.html',
    ]);
    expect(paths.filter((p) => p.startsWith('incidents/')).sort()).toEqual(data.incidents.map((i) => `incidents/${i.id}/index.html`).sort());
    expect(paths.filter((p) => p.startsWith('assets/'))).toEqual([expect.stringMatching(/^assets\/site\.[0-9a-f]{12}\.css$/), expect.stringMatching(/^assets\/local-time\.[0-9a-f]{12}\.js$/)]);
  });

  it('labels each file with its content type and a short cache, hashed assets cached for good', async () => {
    const files = await renderSiteFiles(siteData({ incidents: [anIncident()] }), 'all');
    const byPath = (path: string) => files.find((f) => f.path === path)!;

    expect(byPath('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: SHORT });
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

  it('renders only what a selection names', async () => {
    const data = twentySixIncidents();
    const id = data.incidents[3]!.id;

    const files = await renderSiteFiles(data, { index: true, incidentIds: [id, 'INC-unknown'], historyPages: [2, 9], feeds: false, json: false });

    expect(files.map((f) => f.path).filter((p) => !p.startsWith('assets/'))).toEqual(['index.html', `incidents/${id}/index.html`, 'history/2/index.html']);
  });

  it('writes only data files, no assets, when no page is selected', async () => {
    const files = await renderSiteFiles(siteData(), { index: false, incidentIds: [], historyPages: [], feeds: true, json: true });

    expect(files.map((f) => f.path)).toHaveLength(10);
    expect(files.some((f) => f.path.endsWith('.html') || f.path.startsWith('assets/'))).toBe(false);
  });
});
