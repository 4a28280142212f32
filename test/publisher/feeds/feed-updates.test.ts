// A feed reader that read the feed before an update must see the update: RSS readers key items by
// guid, Atom readers by id and `updated`.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { historyAtom, historyRss } from '#publisher/feeds/history-feed';
import { anIncident, anUpdate, siteData } from '../../fixtures/site/builders.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/** What a feed reader remembers between polls, and what it shows as new on the next one. */
function aReader() {
  const seenGuids = new Set<string>();
  const seenEntries = new Map<string, number>();
  return {
    /** RSS: the titles of items whose guid it has not seen before. */
    pollRss(xml: string): string[] {
      const items = (parser.parse(xml).rss.channel.item ?? []) as Array<{ title: string; guid: { '#text': string } }>;
      const fresh = items.filter((i) => !seenGuids.has(i.guid['#text']));
      for (const i of items) seenGuids.add(i.guid['#text']);
      return fresh.map((i) => i.title);
    },
    /** Atom: the titles of entries it has not seen, or seen with an older `updated`. */
    pollAtom(xml: string): string[] {
      const entries = (parser.parse(xml).feed.entry ?? []) as Array<{ title: { '#text': string }; id: string; updated: string }>;
      const fresh = entries.filter((e) => (seenEntries.get(e.id) ?? -Infinity) < Date.parse(e.updated));
      for (const e of entries) seenEntries.set(e.id, Date.parse(e.updated));
      return fresh.map((e) => e.title['#text']);
    },
  };
}

const ID = 'INC-20251120-0800';
const first = anUpdate({ incident_id: ID, seq: 1, created_at: '2025-11-20T08:00:00.000Z', message: 'Looking.' });
const second = anUpdate({ incident_id: ID, seq: 2, status: 'identified', created_at: '2025-11-20T08:30:00.000Z', message: 'Found it.' });
const other = anIncident({ id: 'INC-20251101-0800', title: 'Older', status: 'resolved', startedAt: '2025-11-01T08:00:00.000Z' });

function before() {
  return siteData({ incidents: [other, anIncident({ id: ID, title: 'Checkout', startedAt: '2025-11-20T08:00:00.000Z', updates: [first] })] });
}

function after() {
  return siteData({ incidents: [other, anIncident({ id: ID, title: 'Checkout', startedAt: '2025-11-20T08:00:00.000Z', updates: [first, second] })] });
}

describe('feed readers and updates', () => {
  it('shows an RSS reader that read the feed before an update the updated incident again, and nothing else', () => {
    const reader = aReader();
    expect(reader.pollRss(historyRss(before()))).toEqual(['Checkout', 'Older']);

    expect(reader.pollRss(historyRss(after()))).toEqual(['Checkout']);
    expect(reader.pollRss(historyRss(after()))).toEqual([]);
  });

  it('shows an Atom reader that read the feed before an update the entry as updated, and nothing else', () => {
    const reader = aReader();
    expect(reader.pollAtom(historyAtom(before()))).toEqual(['Checkout', 'Older']);

    expect(reader.pollAtom(historyAtom(after()))).toEqual(['Checkout']);
    expect(reader.pollAtom(historyAtom(after()))).toEqual([]);
  });

  it('moves the feed-level updated time and the item date to the update', () => {
    const atom = parser.parse(historyAtom(after())).feed;
    const rss = parser.parse(historyRss(after())).rss.channel;

    expect(new Date(atom.updated).toISOString()).toBe('2025-11-20T08:30:00.000Z');
    expect(new Date(rss.item[0].pubDate).toISOString()).toBe('2025-11-20T08:30:00.000Z');
  });
});
