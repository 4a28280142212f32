import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { historyAtom, historyRss } from '#publisher/feeds/history-feed';
import { anIncident, anUpdate, siteData } from '../../fixtures/site/builders.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

const HOSTILE_TITLE = 'Outage <script>alert("x")</script> & ]]> <b>bold</b>';

function threeIncidents() {
  return siteData({
    incidents: [
      anIncident({ id: 'INC-20251110-0800', title: 'Middle', status: 'resolved', startedAt: '2025-11-10T08:00:00.000Z' }),
      anIncident({
        id: 'INC-20251120-0800',
        title: HOSTILE_TITLE,
        startedAt: '2025-11-20T08:00:00.000Z',
        updates: [
          anUpdate({ incident_id: 'INC-20251120-0800', seq: 1, created_at: '2025-11-20T08:00:00.000Z', message: 'First <img src=x onerror=alert(1)> [x](javascript:alert(1))' }),
          anUpdate({ incident_id: 'INC-20251120-0800', seq: 2, status: 'identified', created_at: '2025-11-20T08:30:00.000Z', message: 'Found it: **bad deploy**.' }),
        ],
      }),
      anIncident({ id: 'INC-20251101-0800', title: 'Oldest', status: 'resolved', startedAt: '2025-11-01T08:00:00.000Z' }),
    ],
  });
}

describe('history.rss', () => {
  it('is well-formed RSS 2.0 with one item per incident, newest first', () => {
    const xml = historyRss(threeIncidents());

    expect(XMLValidator.validate(xml)).toBe(true);
    const rss = parser.parse(xml).rss;
    expect(rss['@version']).toBe('2.0');
    expect(rss.channel.item.map((i: { title: string }) => i.title)).toEqual([HOSTILE_TITLE, 'Middle', 'Oldest']);
  });

  it('links each item to its absolute incident page', () => {
    const items = parser.parse(historyRss(threeIncidents())).rss.channel.item;

    expect(items.map((i: { link: string[] }) => i.link[0])).toEqual([
      'https://status.example.com/incidents/INC-20251120-0800/',
      'https://status.example.com/incidents/INC-20251110-0800/',
      'https://status.example.com/incidents/INC-20251101-0800/',
    ]);
    // The guid names the latest update, so that every update is a new item to a reader
    expect(items[0].guid['#text']).toBe('https://status.example.com/incidents/INC-20251120-0800/#update-2');
    expect(items[0].guid['@isPermaLink']).toBe('false');
  });

  it('keeps a hostile title as text (character data, never elements) that reads back exactly', () => {
    const xml = historyRss(threeIncidents());

    expect(XMLValidator.validate(xml)).toBe(true);
    const title = parser.parse(xml).rss.channel.item[0].title;
    expect(typeof title).toBe('string');
    expect(title).toBe(HOSTILE_TITLE);
  });

  it('carries the timeline through the sanitiser, newest update first', () => {
    const item = parser.parse(historyRss(threeIncidents())).rss.channel.item[0];
    const content: string = item['content:encoded'];

    expect(content.indexOf('<strong>Identified</strong>')).toBeLessThan(content.indexOf('<strong>Investigating</strong>'));
    expect(content.indexOf('<strong>Investigating</strong>')).toBeGreaterThan(-1);
    expect(content).toContain('<strong>bad deploy</strong>');
    expect(content).not.toMatch(/<img|<script|javascript:/i);
    expect(item.description).toBe('Identified: Found it: bad deploy.');
  });
});

describe('history.atom', () => {
  it('is well-formed Atom 1.0 with one entry per incident, newest first', () => {
    const xml = historyAtom(threeIncidents());

    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parser.parse(xml).feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.entry.map((e: { id: string }) => e.id)).toEqual([
      'https://status.example.com/incidents/INC-20251120-0800/',
      'https://status.example.com/incidents/INC-20251110-0800/',
      'https://status.example.com/incidents/INC-20251101-0800/',
    ]);
    expect(feed.entry[0].link[0]['@href']).toBe('https://status.example.com/incidents/INC-20251120-0800/');
    expect(feed.link.map((l: { '@rel': string; '@href': string }) => [l['@rel'], l['@href']])).toContainEqual(['self', 'https://status.example.com/history.atom']);
  });

  it('keeps a hostile title as text that reads back exactly', () => {
    const xml = historyAtom(threeIncidents());
    const entry = parser.parse(xml).feed.entry[0];

    expect(XMLValidator.validate(xml)).toBe(true);
    expect(entry.title['@type']).toBe('text');
    expect(entry.title['#text']).toBe(HOSTILE_TITLE);
  });

  it('dates entries by their last update and publication by their start', () => {
    const entry = parser.parse(historyAtom(threeIncidents())).feed.entry[0];

    expect(new Date(entry.updated).toISOString()).toBe('2025-11-20T08:30:00.000Z');
    expect(entry.published).toBe('2025-11-20T08:00:00.000Z');
  });
});

describe('an empty history', () => {
  it('is still a valid feed with no entries', () => {
    expect(XMLValidator.validate(historyRss(siteData()))).toBe(true);
    expect(parser.parse(historyAtom(siteData())).feed.entry).toBeUndefined();
  });
});
