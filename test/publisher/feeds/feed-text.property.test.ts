// Property: whatever Unicode a responder types (titles, messages, component names), both feeds
// parse and read back the visible text. A small seeded generator, so a failure replays exactly.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { markdownToText } from '#content/markdown';
import { historyAtom, historyRss } from '#publisher/feeds/history-feed';
import { xmlSafe } from '#publisher/xml/xml-text';
import { aComponent, aMaintenance, aMaintenanceUpdate, anIncident, anUpdate, siteData } from '../../fixtures/site/builders.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/** mulberry32: a seeded PRNG. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [']]>', ']]', '<![CDATA[', '</title>', '<b>', '&amp;', '&', '<', '>', '"', "'", '&#1;', '*', '_', '`', '#', '[x](javascript:alert(1))', '\r\n', '\r', '\n', '\t', ' '];

/** A random string mixing XML's special cases with random code points of every plane. */
function unicodeText(next: () => number, maxLength = 24): string {
  const length = Math.floor(next() * maxLength) + 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    const pick = next();
    if (pick < 0.25) out += TOKENS[Math.floor(next() * TOKENS.length)]!;
    else if (pick < 0.4) out += String.fromCharCode(Math.floor(next() * 0x20)); // C0 controls
    else if (pick < 0.45) out += String.fromCharCode(0xd800 + Math.floor(next() * 0x800)); // lone surrogates
    else if (pick < 0.5) out += ['\ufffe', '\uffff', '\u007f', '\u0085', '\u2028'][Math.floor(next() * 5)]!;
    else if (pick < 0.65) out += String.fromCodePoint(0x10000 + Math.floor(next() * 0xfffff)); // astral
    else if (pick < 0.8) out += String.fromCharCode(0x80 + Math.floor(next() * 0xd700)); // BMP
    else out += String.fromCharCode(0x21 + Math.floor(next() * 0x5e)); // printable ASCII
  }
  return out;
}

const decodeHtml = (html: string) => html.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

function world(seed: number) {
  const next = random(seed);
  const componentName = unicodeText(next);
  const component = aComponent({ id: 'c1', name: componentName });
  const title = unicodeText(next);
  const message = unicodeText(next, 60);
  const maintenanceTitle = unicodeText(next);
  const maintenanceMessage = unicodeText(next, 60);
  const data = siteData({
    components: [component],
    incidents: [
      anIncident({
        id: 'INC-20251120-0800',
        title,
        startedAt: '2025-11-20T08:00:00.000Z',
        component_ids: ['c1'],
        updates: [anUpdate({ incident_id: 'INC-20251120-0800', seq: 1, created_at: '2025-11-20T08:00:00.000Z', message })],
      }),
    ],
    maintenances: [
      aMaintenance({
        id: 'MNT-1',
        title: maintenanceTitle,
        status: 'completed',
        component_ids: ['c1'],
        scheduled_for: '2025-11-10T02:00:00.000Z',
        scheduled_until: '2025-11-10T04:00:00.000Z',
        updates: [aMaintenanceUpdate({ maintenance_id: 'MNT-1', status: 'completed', message: maintenanceMessage })],
      }),
    ],
  });
  return { data, title, message, componentName, maintenanceTitle, maintenanceMessage };
}

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

describe('the feeds, for random Unicode input', () => {
  it('parse, and read back every title, summary and component name', () => {
    for (const seed of SEEDS) {
      const w = world(seed);
      const rssXml = historyRss(w.data);
      const atomXml = historyAtom(w.data);

      expect(XMLValidator.validate(rssXml), `seed ${seed}: rss`).toBe(true);
      expect(XMLValidator.validate(atomXml), `seed ${seed}: atom`).toBe(true);
      const items = parser.parse(rssXml).rss.channel.item as Array<Record<string, string>>;
      const entries = parser.parse(atomXml).feed.entry as Array<Record<string, { '#text'?: string }>>;
      const text = (node: { '#text'?: string } | string | undefined) => (typeof node === 'string' ? node : (node?.['#text'] ?? ''));

      const incidentSummary = xmlSafe(`Investigating: ${markdownToText(w.message)}`);
      const maintenanceSummary = xmlSafe(`Completed: ${markdownToText(w.maintenanceMessage)}`);
      expect(items.map((i) => text(i.title)), `seed ${seed}`).toEqual([xmlSafe(w.title), xmlSafe(`Maintenance: ${w.maintenanceTitle}`)]);
      expect(entries.map((e) => text(e.title)), `seed ${seed}`).toEqual([xmlSafe(w.title), xmlSafe(`Maintenance: ${w.maintenanceTitle}`)]);
      expect(items.map((i) => decodeHtml(text(i.description))), `seed ${seed}`).toEqual([incidentSummary, maintenanceSummary]);
      expect(entries.map((e) => text(e.summary)), `seed ${seed}`).toEqual([incidentSummary, maintenanceSummary]);
      for (const content of [...items.map((i) => text(i['content:encoded'])), ...entries.map((e) => text(e.content))]) {
        expect(decodeHtml(content), `seed ${seed}`).toContain(`Affected: ${xmlSafe(w.componentName)}.`);
      }
    }
  });
});
