// A publish puts a month's history page together from the entries it rendered before
// (render/month-page-entries.ts). The shortcuts that tempts, each caught here: a page that is not
// byte for byte the renderer's own (cards, count, windows, pager); an entry kept by less than all
// it shows (an open incident's duration moves on with the clock, a title changes); a template the
// cut does not account for put together anyway instead of rendered whole.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMonthPage } from '#publisher/render/month-page-entries';
import { loadRenderer, type Renderer } from '#publisher/render/renderer';
import { buildHistoryView } from '#publisher/render/site-model';
import type { HistoryPageView } from '#publisher/render/view-model';
import type { IncidentWithUpdates } from '#core/model';
import { aComponent, aMaintenance, anIncident, siteData } from '../../fixtures/site/builders.ts';

const MONTH = '2025-11';
const NOW = '2025-11-28T12:00:00.000Z';
let renderer: Renderer;

const component = aComponent({ id: 'cmp-api', name: 'API' });

/** 40 incidents declared in MONTH: resolved ones, open ones with a component, awkward titles. */
function monthIncidents(): IncidentWithUpdates[] {
  return Array.from({ length: 40 }, (_, n) => {
    const startedAt = new Date(Date.parse(`${MONTH}-02T00:00:00.000Z`) + n * 7 * 3_600_000).toISOString();
    return anIncident({
      startedAt,
      status: n % 9 === 0 ? 'identified' : 'resolved',
      title: n % 5 === 0 ? `Fish & <chips> "quoted" ${n}` : `Incident ${n}`,
      ...(n % 9 === 0 ? { component_ids: [component.id] } : {}),
    });
  });
}

function viewOf(incidents: IncidentWithUpdates[], now = NOW): HistoryPageView {
  const data = siteData({
    now,
    components: [component],
    incidents,
    maintenances: [aMaintenance({ id: 'MNT-1', status: 'completed', scheduled_for: `${MONTH}-10T01:00:00.000Z`, scheduled_until: `${MONTH}-10T03:00:00.000Z` })],
  });
  return buildHistoryView(data, MONTH)!;
}

/** The renderer's history page, counting the calls and the cards each rendered. */
function counted(transform: (html: string) => string = (html) => html) {
  const calls: number[] = [];
  const render = async (view: HistoryPageView) => {
    calls.push(view.incidents.length);
    return transform(await renderer.renderHistory(view));
  };
  return { render, calls };
}

beforeAll(async () => {
  renderer = await loadRenderer();
});

describe('renderMonthPage', () => {
  it('puts together the renderer’s own page, and renders again only the entry that changed', async () => {
    const incidents = monthIncidents();
    const first = counted();
    expect(await renderMonthPage(viewOf(incidents), first.render)).toBe(await renderer.renderHistory(viewOf(incidents)));

    incidents[7] = { ...incidents[7]!, title: 'Renamed: entry-marker', version: incidents[7]!.version + 1 };
    const second = counted();
    const page = await renderMonthPage(viewOf(incidents), second.render);
    expect(page).toBe(await renderer.renderHistory(viewOf(incidents)));
    expect(page).toContain('entry-marker');
    // The three frames (1, 2 and 3 placeholder cards), then the changed entry between two placeholders.
    expect(second.calls).toEqual([1, 2, 3, 3]);
  });

  it('renders an entry again when only what it shows moved on (an open incident’s duration, with the clock)', async () => {
    const incidents = monthIncidents();
    await renderMonthPage(viewOf(incidents), counted().render);
    const later = '2025-11-29T18:30:00.000Z';
    const again = counted();
    expect(await renderMonthPage(viewOf(incidents, later), again.render)).toBe(await renderer.renderHistory(viewOf(incidents, later)));
    // The open ones (n % 9 === 0: 5 of them) are rendered again, each between placeholders.
    expect(again.calls).toEqual([1, 2, 3, 11]);
  });

  it('renders the page whole when the pages do not cut as expected', async () => {
    // A count written out otherwise than as a number: the 3-card check fails.
    const { render, calls } = counted((html) => html.replace(/>(\d+) incidents?, newest first</, (_, n: string) => `>${'I'.repeat(Number(n))} incidents, newest first<`));
    const view = viewOf(monthIncidents());
    expect(await renderMonthPage(view, render)).toBe(await render(view));
    expect(calls.at(-2)).toBe(40);
  });

  it('renders a month of few incidents whole', async () => {
    const { render, calls } = counted();
    const view = viewOf(monthIncidents().slice(0, 5));
    expect(await renderMonthPage(view, render)).toBe(await renderer.renderHistory(view));
    expect(calls).toEqual([5]);
  });
});
