// The publisher renders each update message once per process (render/markdown-memo.ts) and builds
// only the feed entries it keeps. The shortcut these tempt: a page or feed showing an earlier
// rendering of a message that has since changed (a memo keyed by the update rather than its text),
// or a feed that keeps the wrong entries.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '#content/markdown';
import { feedEntries, historyAtom, historyRss } from '#publisher/feeds/history-feed';
import { memoizeText } from '#publisher/render/markdown-memo';
import { renderSiteFiles } from '#publisher/render/site-files';
import { aMaintenance, aMaintenanceUpdate, anIncident, anUpdate, siteData } from '../../fixtures/site/builders.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'item' || name === 'entry' });

describe('memoizeText', () => {
  it('computes each distinct text once and answers the same result after', () => {
    const calls: string[] = [];
    const memo = memoizeText((text) => {
      calls.push(text);
      return text.toUpperCase();
    });

    expect([memo('a'), memo('b'), memo('a'), memo('b'), memo('c')]).toEqual(['A', 'B', 'A', 'B', 'C']);
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('holds at most its bound in characters, dropping the least recently used, and recomputes what it dropped', () => {
    const calls: string[] = [];
    // Each entry costs 4 characters (2 in, 2 out): three fit in 12.
    const memo = memoizeText((text) => {
      calls.push(text);
      return `${text}!`.slice(0, 2);
    }, 12);

    memo('aa');
    memo('bb');
    memo('cc');
    memo('aa'); // aa is now the most recent; bb the least
    memo('dd'); // drops bb
    expect(memo.size).toBe(3);
    expect(memo('bb')).toBe('bb');
    expect(calls).toEqual(['aa', 'bb', 'cc', 'dd', 'bb']);
    // A result larger than the bound is answered, never held.
    const big = 'x'.repeat(20);
    expect(memo(big)).toBe(big.slice(0, 2));
    expect(memo.size).toBeLessThanOrEqual(3);
  });
});

describe('pages and feeds through the memo', () => {
  const ID = 'INC-20251127-1000';
  const withMessage = (message: string) =>
    siteData({
      incidents: [anIncident({ id: ID, updates: [anUpdate({ incident_id: ID, message })] })],
    });

  it('show a message changed under the same update (same id, seq and version) as it now is', async () => {
    const selection = { index: true, incidentIds: [ID], historyPages: [], feeds: true, json: true };
    const before = await renderSiteFiles(withMessage('Payments **stalled** for most customers.'), selection);
    const after = await renderSiteFiles(withMessage('Payments _recovered_ for everyone.'), selection);
    const body = (files: typeof before, path: string) => String(files.find((f) => f.path === path)!.body);

    for (const path of ['index.html', `incidents/${ID}/index.html`, 'history.rss', 'history.atom']) {
      expect(body(before, path), path).toContain('stalled');
      expect(body(after, path), path).not.toContain('stalled');
      expect(body(after, path), path).toContain('recovered');
    }
    // The incident page carries exactly what renderMarkdown makes of the new text.
    expect(body(after, `incidents/${ID}/index.html`)).toContain(renderMarkdown('Payments _recovered_ for everyone.'));
  });
});

describe('feedEntries', () => {
  it('keeps the 50 newest of incidents and completed windows together, as building all of them and sorting did', () => {
    const DAY = 86_400_000;
    const start = Date.parse('2025-06-01T08:00:00.000Z');
    const incidents = Array.from({ length: 60 }, (_, n) =>
      anIncident({ startedAt: new Date(start + n * 2 * DAY).toISOString(), status: 'resolved', title: `Incident ${n}` }),
    );
    const windows = Array.from({ length: 60 }, (_, n) => {
      const id = `MNT-${n}`;
      const from = new Date(start + (n * 2 + 1) * DAY).toISOString();
      return aMaintenance({
        id,
        title: `Window ${n}`,
        status: 'completed',
        scheduled_for: from,
        scheduled_until: new Date(Date.parse(from) + 3_600_000).toISOString(),
        completed_at: new Date(Date.parse(from) + 3_600_000).toISOString(),
        updates: [aMaintenanceUpdate({ maintenance_id: id, status: 'completed', created_at: from, message: `Done ${n}` })],
      });
    });
    const data = siteData({ incidents, maintenances: windows });

    const titles = feedEntries(data).map((e) => e.title);
    // Alternating days, newest first: window 59, incident 59, window 58, … 25 of each.
    const expected = Array.from({ length: 25 }, (_, k) => [`Maintenance: Window ${59 - k}`, `Incident ${59 - k}`]).flat();
    expect(titles).toEqual(expected);
    expect(parser.parse(historyRss(data)).rss.channel.item.map((i: { title: string }) => i.title)).toEqual(expected);
    expect(parser.parse(historyAtom(data)).feed.entry.map((e: { title: { '#text': string } }) => e.title['#text'])).toEqual(expected);
    // Given the entries, each feed is the same as building them itself.
    const entries = feedEntries(data);
    expect(historyRss(data, entries)).toBe(historyRss(data));
    expect(historyAtom(data, entries)).toBe(historyAtom(data));
  });
});
