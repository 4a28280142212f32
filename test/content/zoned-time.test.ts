import { describe, expect, it } from 'vitest';
import { zonedTimeLabel } from '../../functions/content/zoned-time.ts';

describe('zonedTimeLabel', () => {
  it('writes a UTC page’s times in UTC, named', () => {
    expect(zonedTimeLabel('2026-12-03T06:18:00.000Z', 'Etc/UTC')).toBe('3 Dec 2026, 06:18 UTC');
  });

  it.each([
    ['Europe/Berlin', '2026-12-03T06:18:00.000Z', '3 Dec 2026, 06:18 UTC (07:18 CET)'],
    ['Europe/Berlin', '2026-07-03T06:18:00.000Z', '3 Jul 2026, 06:18 UTC (08:18 CEST)'],
    ['America/New_York', '2026-12-03T06:18:00.000Z', '3 Dec 2026, 06:18 UTC (01:18 EST)'],
    ['Australia/Sydney', '2026-12-03T06:18:00.000Z', '3 Dec 2026, 06:18 UTC (17:18 AEDT)'],
    ['Asia/Tokyo', '2026-12-03T06:18:00.000Z', '3 Dec 2026, 06:18 UTC (15:18 GMT+9)'],
  ])('adds the page’s zone %s, named, when its clock differs: %s', (zone, iso, label) => {
    expect(zonedTimeLabel(iso, zone)).toBe(label);
  });

  it('names the day in the page’s zone when it is another day there', () => {
    expect(zonedTimeLabel('2026-11-27T23:30:00.000Z', 'Europe/Berlin')).toBe('27 Nov 2026, 23:30 UTC (28 Nov, 00:30 CET)');
    expect(zonedTimeLabel('2026-12-31T23:30:00.000Z', 'Europe/Berlin')).toBe('31 Dec 2026, 23:30 UTC (1 Jan 2027, 00:30 CET)');
  });

  it('says nothing more when the zone’s clock is UTC’s (London in winter), and BST in summer', () => {
    expect(zonedTimeLabel('2026-12-03T06:18:00.000Z', 'Europe/London')).toBe('3 Dec 2026, 06:18 UTC');
    expect(zonedTimeLabel('2026-07-03T06:18:00.000Z', 'Europe/London')).toBe('3 Jul 2026, 06:18 UTC (07:18 BST)');
  });

  it('falls back to UTC alone for a zone the runtime does not know', () => {
    expect(zonedTimeLabel('2026-12-03T06:18:00.000Z', 'Mars/Olympus_Mons')).toBe('3 Dec 2026, 06:18 UTC');
  });
});
