import { describe, expect, it } from 'vitest';
import { clockLabel } from '../../functions/content/clock-label.ts';

describe('clockLabel', () => {
  it('is the time of day in UTC when the promise falls on the UTC day it was made', () => {
    expect(clockLabel('2026-12-03T14:30:00.000Z', '2026-12-03T14:00:00.000Z', 'Etc/UTC')).toBe('14:30 UTC');
  });

  it("names the page's zone beside it when its clock differs, with its day when that differs", () => {
    expect(clockLabel('2026-12-03T14:30:00.000Z', '2026-12-03T14:00:00.000Z', 'Europe/Berlin')).toBe('14:30 UTC (15:30 CET)');
    expect(clockLabel('2026-12-03T23:30:00.000Z', '2026-12-03T23:00:00.000Z', 'Europe/Berlin')).toBe('23:30 UTC (4 Dec, 00:30 CET)');
  });

  it('keeps the date when the promise falls on another UTC day', () => {
    expect(clockLabel('2026-12-04T00:15:00.000Z', '2026-12-03T23:50:00.000Z', 'Etc/UTC')).toBe('4 Dec 2026, 00:15 UTC');
  });
});
