import { describe, expect, it } from 'vitest';
import { computeMetrics, quantile, type MetricsComponent, type MetricsIncident, type MetricsMaintenance } from '#core/metrics';
import type { Severity } from '#core/severity';

// A fixture whose answers were worked out by hand (see each value's comment).
const WINDOW = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const NOW = '2026-12-15T00:00:00.000Z';

const anIncident = (
  severity: Severity,
  started: string,
  declared: string,
  resolved: string | null,
  components: string[] = [],
): MetricsIncident => ({
  severity,
  status: resolved ? 'resolved' : 'investigating',
  component_ids: components,
  created_at: declared,
  started_at: started,
  resolved_at: resolved,
  updates: [
    { seq: 1, created_at: declared },
    ...(resolved ? [{ seq: 2, created_at: resolved }] : []),
  ],
});

const incidents: MetricsIncident[] = [
  // SEV1: first update after 5, 0, 15, 20 min; resolved after 65, 30, 135 min (one still open).
  anIncident('SEV1', '2026-11-02T10:00:00Z', '2026-11-02T10:05:00Z', '2026-11-02T11:05:00Z', ['c1']),
  anIncident('SEV1', '2026-11-03T00:00:00Z', '2026-11-03T00:00:00Z', '2026-11-03T00:30:00Z', ['c1', 'c2']),
  anIncident('SEV1', '2026-11-04T00:00:00Z', '2026-11-04T00:15:00Z', '2026-11-04T02:15:00Z'),
  anIncident('SEV1', '2026-11-05T00:00:00Z', '2026-11-05T00:20:00Z', null, ['c2']),
  // SEV2: 0 and 90 min.
  anIncident('SEV2', '2026-11-10T00:00:00Z', '2026-11-10T00:00:00Z', '2026-11-10T01:30:00Z', ['c1']),
  // Outside the window: declared a minute before it, and exactly at its (exclusive) end.
  anIncident('SEV3', '2026-10-31T23:59:00Z', '2026-10-31T23:59:00Z', '2026-11-01T01:00:00Z', ['c1']),
  anIncident('SEV0', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', null, ['c1']),
];

const maintenances: MetricsMaintenance[] = [
  { component_ids: ['c1'], started_at: '2026-11-01T02:00:00Z', completed_at: '2026-11-01T04:00:00Z' }, // 120 min
  { component_ids: ['c2'], started_at: '2026-10-31T23:00:00Z', completed_at: '2026-11-01T01:00:00Z' }, // 60 min inside
  { component_ids: ['c1'], started_at: null, completed_at: '2026-11-20T00:00:00Z' }, // cancelled before it started
  { component_ids: ['c1', 'c2'], started_at: '2026-11-30T23:30:00Z', completed_at: null }, // active: 30 min inside
];

const components: MetricsComponent[] = [
  {
    id: 'c1', name: 'Checkout', group: false, created_at: '2026-10-01T00:00:00Z', status: 'operational',
    history: [
      { status: 'operational', from: '2026-10-01T00:00:00Z' },
      { status: 'major_outage', from: '2026-11-02T10:00:00Z' }, // 60 min down
      { status: 'operational', from: '2026-11-02T11:00:00Z' },
      { status: 'partial_outage', from: '2026-11-10T00:00:00Z' }, // 600 min × 0.3 = 180 min down
      { status: 'operational', from: '2026-11-10T10:00:00Z' },
    ],
  },
  {
    id: 'c2', name: 'Search', group: false, created_at: '2026-11-16T00:00:00Z', status: 'operational',
    history: [
      { status: 'operational', from: '2026-11-16T00:00:00Z' }, // observed 15 days = 21,600 min
      { status: 'major_outage', from: '2026-11-20T00:00:00Z' }, // 720 min down
      { status: 'operational', from: '2026-11-20T12:00:00Z' },
    ],
  },
  { id: 'g1', name: 'Store', group: true, created_at: '2026-10-01T00:00:00Z', status: 'operational', history: [] },
];

describe('computeMetrics: "next update by" promises kept', () => {
  const promised = (
    severity: Severity,
    declared: string,
    updates: Array<{ at: string; promise: string | null }>,
  ): MetricsIncident => ({
    ...anIncident(severity, declared, declared, null),
    updates: updates.map((u, i) => ({ seq: i + 1, created_at: u.at, next_update_at: u.promise })),
  });
  const metrics = computeMetrics({
    window: WINDOW,
    now: NOW,
    maintenances: [],
    components: [],
    incidents: [
      // SEV1: promised 10:30, posted 10:30 (kept: at the promised time); promised 11:00, posted
      // 11:01 (broken); promised 11:31, nothing since (not counted).
      promised('SEV1', '2026-11-02T10:00:00Z', [
        { at: '2026-11-02T10:00:00Z', promise: '2026-11-02T10:30:00Z' },
        { at: '2026-11-02T10:30:00Z', promise: '2026-11-02T11:00:00Z' },
        { at: '2026-11-02T11:01:00Z', promise: '2026-11-02T11:31:00Z' },
      ]),
      // SEV2: promised 12:00, posted 11:00 (kept); the resolution promised nothing.
      promised('SEV2', '2026-11-03T10:00:00Z', [
        { at: '2026-11-03T10:00:00Z', promise: '2026-11-03T12:00:00Z' },
        { at: '2026-11-03T11:00:00Z', promise: null },
        { at: '2026-11-03T12:00:00Z', promise: null },
      ]),
      // Stored before promises existed: nothing to measure.
      anIncident('SEV3', '2026-11-04T10:00:00Z', '2026-11-04T10:00:00Z', '2026-11-04T11:00:00Z'),
      // Outside the window: not counted.
      promised('SEV1', '2026-10-30T10:00:00Z', [
        { at: '2026-10-30T10:00:00Z', promise: '2026-10-30T10:30:00Z' },
        { at: '2026-10-30T11:00:00Z', promise: null },
      ]),
    ],
  });

  it('is the share of updates posted at or before the time the update before them promised, overall and by severity', () => {
    expect(metrics.promises_kept).toEqual({ measured: 3, kept: 2, percentage: 66.67 });
    expect(metrics.by_severity.SEV1.promises_kept).toEqual({ measured: 2, kept: 1, percentage: 50 });
    expect(metrics.by_severity.SEV2.promises_kept).toEqual({ measured: 1, kept: 1, percentage: 100 });
  });

  it('is null when there is nothing to measure', () => {
    expect(metrics.by_severity.SEV3.promises_kept).toEqual({ measured: 0, kept: 0, percentage: null });
    expect(metrics.by_severity.SEV0.promises_kept).toEqual({ measured: 0, kept: 0, percentage: null });
  });
});

describe('quantile', () => {
  it('interpolates between closest ranks (type 7)', () => {
    expect(quantile([0, 5, 15, 20], 0.5)).toBe(10);
    expect(quantile([20, 0, 15, 5], 0.9)).toBeCloseTo(18.5);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('computeMetrics', () => {
  const metrics = computeMetrics({ window: WINDOW, now: NOW, incidents, maintenances, components });

  it('counts the incidents declared in [from, to) by severity', () => {
    expect(metrics.incidents).toEqual({ total: 5, by_severity: { SEV0: 0, SEV1: 4, SEV2: 1, SEV3: 0, SEV4: 0 } });
  });

  it('gives time to first public update and to resolve, median and p90, by severity', () => {
    expect(metrics.by_severity.SEV1).toEqual({
      incidents: 4,
      time_to_first_update: { count: 4, median_minutes: 10, p90_minutes: 18.5 },
      time_to_resolve: { count: 3, median_minutes: 65, p90_minutes: 121 },
      promises_kept: { measured: 0, kept: 0, percentage: null }, // these updates made no promise
    });
    expect(metrics.by_severity.SEV2).toEqual({
      incidents: 1,
      time_to_first_update: { count: 1, median_minutes: 0, p90_minutes: 0 },
      time_to_resolve: { count: 1, median_minutes: 90, p90_minutes: 90 },
      promises_kept: { measured: 0, kept: 0, percentage: null },
    });
    expect(metrics.by_severity.SEV0.time_to_resolve).toEqual({ count: 0, median_minutes: null, p90_minutes: null });
  });

  it('adds up the maintenance minutes spent in progress inside the window', () => {
    expect(metrics.maintenance).toEqual({ windows: 3, minutes: 210 });
  });

  it('gives each component its incidents, maintenance minutes and uptime (groups left out)', () => {
    expect(metrics.components).toEqual([
      { id: 'c1', name: 'Checkout', incidents: 3, maintenance_minutes: 150, uptime_percentage: 99.444 }, // 1 − 240/43,200
      { id: 'c2', name: 'Search', incidents: 2, maintenance_minutes: 90, uptime_percentage: 96.667 }, // 1 − 720/21,600
    ]);
  });

  it('measures uptime only up to now when the window reaches into the future', () => {
    const early = computeMetrics({
      window: WINDOW,
      now: '2026-11-02T10:30:00.000Z',
      incidents: [],
      maintenances: [],
      components: [components[0]!],
    });
    // 1 day 10 h 30 min observed (2,070 min), 30 of them down.
    expect(early.components[0]!.uptime_percentage).toBe(Number((100 * (1 - 30 / 2070)).toFixed(3)));
  });
});
