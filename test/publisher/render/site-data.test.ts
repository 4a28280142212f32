import { describe, expect, it } from 'vitest';
import {
  LATEST_INCIDENTS,
  addMonths,
  firstDeclaredAt,
  historyHref,
  historyMonths,
  incidentsNewestFirst,
  latestIncidents,
  monthLabel,
  monthOf,
} from '#publisher/render/site-data';
import { anIncident, siteData } from '../../fixtures/site/builders.ts';

describe('monthOf', () => {
  it('is the UTC month of the instant', () => {
    expect(monthOf('2026-11-30T23:59:59.999Z')).toBe('2026-11');
    expect(monthOf('2026-12-01T00:00:00Z')).toBe('2026-12');
    expect(monthOf('2026-12-01T00:30:00+01:00')).toBe('2026-11');
  });
});

describe('the history’s months', () => {
  it('runs from the first incident’s month to the current one, newest first, across years', () => {
    const data = siteData({ incidents: [anIncident({ startedAt: '2024-11-15T10:00:00.000Z' }), anIncident({ startedAt: '2025-01-02T10:00:00.000Z' })], now: '2025-02-01T00:00:00.000Z' });

    expect(historyMonths(data)).toEqual(['2025-02', '2025-01', '2024-12', '2024-11']);
  });

  it('is empty before the first incident, and one month on the day it is declared', () => {
    expect(historyMonths(siteData())).toEqual([]);
    expect(historyMonths(siteData({ firstDeclaredAt: null, incidents: [] }))).toEqual([]);
    expect(historyMonths(siteData({ incidents: [anIncident({ startedAt: '2025-11-27T10:00:00.000Z' })] }))).toEqual(['2025-11']);
  });

  it('starts at firstDeclaredAt when it is given, not at the oldest incident at hand', () => {
    const data = siteData({ incidents: [anIncident({ startedAt: '2025-11-01T10:00:00.000Z' })], firstDeclaredAt: '2025-09-30T23:00:00.000Z' });

    expect(firstDeclaredAt(data)).toBe('2025-09-30T23:00:00.000Z');
    expect(historyMonths(data)).toEqual(['2025-11', '2025-10', '2025-09']);
  });

  it('labels and links months', () => {
    expect(monthLabel('2026-11')).toBe('November 2026');
    expect(monthLabel('2027-01')).toBe('January 2027');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(historyHref()).toBe('/history/');
    expect(historyHref(null)).toBe('/history/');
    expect(historyHref('2026-11')).toBe('/history/2026-11/');
  });
});

describe('the newest-first order', () => {
  it('goes by declaration, then id, as the store lists incidents', () => {
    const a = anIncident({ id: 'INC-a', created_at: '2025-11-02T00:00:00.000Z', started_at: '2025-10-01T00:00:00.000Z' });
    const b = anIncident({ id: 'INC-b', created_at: '2025-11-01T00:00:00.000Z', started_at: '2025-11-01T00:00:00.000Z' });
    const c = anIncident({ id: 'INC-c', created_at: '2025-11-01T00:00:00.000Z', started_at: '2025-11-01T00:00:00.000Z' });

    expect(incidentsNewestFirst([b, a, c]).map((i) => i.id)).toEqual(['INC-a', 'INC-c', 'INC-b']);
  });

  it('takes the latest LATEST_INCIDENTS, the same from any set that holds them', () => {
    const incidents = Array.from({ length: 80 }, (_, i) => anIncident({ startedAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString() }));
    const latest = latestIncidents(incidents);

    expect(LATEST_INCIDENTS).toBe(50);
    expect(latest).toHaveLength(50);
    expect(latestIncidents([...latest, incidents[0]!, incidents[3]!])).toEqual(latest);
  });
});
