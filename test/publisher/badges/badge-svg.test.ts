import { describe, expect, it } from 'vitest';
import { badgeFiles } from '#publisher/badges/badge-files';
import { BADGE_STATES, badgeSvg, componentBadgeState, pageBadgeState, textWidth } from '#publisher/badges/badge-svg';
import { renderSiteFiles } from '#publisher/render/site-files';
import { aComponent, anIncident, aMaintenance, siteData } from '../../fixtures/site/builders.ts';

const attr = (svg: string, name: string) => svg.match(new RegExp(`<svg[^>]* ${name}="([^"]*)"`))?.[1];
const fills = (svg: string) => [...svg.matchAll(/<rect[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);

describe('badgeSvg', () => {
  it('draws every state in its colour, light and dark, with its words, an accessible name and a width from the text', () => {
    const expected = {
      operational: ['#1a7f37', '#3fb950', 'operational'],
      degraded: ['#e3b341', '#d29922', 'degraded'],
      partial: ['#bc4c00', '#f0883e', 'partial outage'],
      major: ['#cf222e', '#f85149', 'major outage'],
      maintenance: ['#0969da', '#58a6ff', 'maintenance'],
    } as const;
    for (const state of BADGE_STATES) {
      const [light, dark, words] = expected[state];
      const svg = badgeSvg('status', state);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(attr(svg, 'role')).toBe('img');
      expect(attr(svg, 'aria-label')).toBe(`status: ${words}`);
      expect(svg).toContain(`<title>status: ${words}</title>`);
      expect(fills(svg)).toEqual(['#424a53', light]);
      expect(fills(badgeSvg('status', state, 'dark'))).toEqual(['#30363d', dark]);
      expect(Number(attr(svg, 'width'))).toBe(textWidth('status') + textWidth(words) + 24);
    }
  });

  it('grows with its text and escapes a hostile name', () => {
    const svg = badgeSvg('Pay <script>alert("x")</script> & co', 'major');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('<title>Pay &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co: major outage</title>');
    expect(svg).toContain('lengthAdjust="spacingAndGlyphs">Pay &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co</text>');
    expect(Number(attr(svg, 'width'))).toBeGreaterThan(Number(attr(badgeSvg('API', 'major'), 'width')));
  });

  it('cuts a long name with an ellipsis and drops characters XML forbids', () => {
    const svg = badgeSvg(`${'x'.repeat(50)}\u0001`, 'operational');
    expect(svg).toContain(`<title>${'x'.repeat(39)}…: operational</title>`);
    expect(badgeSvg('a\u0000b', 'operational')).toContain('<title>ab: operational</title>');
  });

  it('maps component statuses and the page indicator to states', () => {
    expect(componentBadgeState('operational')).toBe('operational');
    expect(componentBadgeState('degraded_performance')).toBe('degraded');
    expect(componentBadgeState('partial_outage')).toBe('partial');
    expect(componentBadgeState('major_outage')).toBe('major');
    expect(componentBadgeState('under_maintenance')).toBe('maintenance');
    expect(['none', 'maintenance', 'minor', 'major', 'critical'].map((i) => pageBadgeState(i as never))).toEqual(['operational', 'maintenance', 'degraded', 'partial', 'major']);
  });
});

describe('badge files', () => {
  it('writes the page badge and one per component, light and dark, as SVG with the JSON', async () => {
    const data = siteData({
      components: [aComponent({ id: 'api', name: 'API', status: 'partial_outage' }), aComponent({ id: 'db', name: 'DB', status: 'operational' })],
      incidents: [anIncident({ status: 'investigating', severity: 'SEV1' })],
    });
    const files = badgeFiles(data);
    expect(files.map((f) => f.path)).toEqual(['badge.svg', 'badge-dark.svg', 'components/api/badge.svg', 'components/api/badge-dark.svg', 'components/db/badge.svg', 'components/db/badge-dark.svg']);
    expect(files[0]!.body).toContain('<title>status: major outage</title>'); // an open SEV1: critical
    expect(files[2]!.body).toContain('<title>API: partial outage</title>');
    expect(files[4]!.body).toContain('<title>DB: operational</title>');

    const written = await renderSiteFiles(data, { index: false, incidentIds: [], historyPages: [], feeds: false, json: true });
    expect(written.find((f) => f.path === 'components/api/badge.svg')).toMatchObject({ contentType: 'image/svg+xml; charset=utf-8', cacheControl: expect.stringContaining('max-age=10') });
    expect((await renderSiteFiles(data, { index: true, incidentIds: [], historyPages: [], feeds: false, json: false })).some((f) => f.path.endsWith('.svg'))).toBe(false);
  });

  it('shows maintenance on the page badge while a window is in progress', () => {
    const data = siteData({
      components: [aComponent({ id: 'db', name: 'DB', status: 'under_maintenance' })],
      maintenances: [aMaintenance({ status: 'in_progress', component_ids: ['db'] })],
    });
    expect(badgeFiles(data)[0]!.body).toContain('<title>status: maintenance</title>');
  });
});
