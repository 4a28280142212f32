import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '#core/component-status';
import { dailyUptime, type StatusSpan, trackedUptime, uptimePercentage } from '#core/uptime';

const span = (status: ComponentStatus, from: string): StatusSpan => ({ status, from });
const NOW = '2024-03-10T12:00:00.000Z';

describe('dailyUptime', () => {
  it('lists the days oldest first, ending with today', () => {
    const days = dailyUptime([span('operational', '2024-01-01T00:00:00Z')], { days: 4, now: NOW });

    expect(days.map((d) => d.date)).toEqual(['2024-03-07', '2024-03-08', '2024-03-09', '2024-03-10']);
  });

  it('gives 90 entries across a month boundary and a leap day', () => {
    const days = dailyUptime([span('operational', '2023-01-01T00:00:00Z')], { days: 90, now: NOW });

    expect(days).toHaveLength(90);
    expect(days[0]?.date).toBe('2023-12-12');
    expect(days.some((d) => d.date === '2024-02-29')).toBe(true);
    expect(days.at(-1)?.date).toBe('2024-03-10');
  });

  it.each<[string, StatusSpan[], number, ComponentStatus]>([
    ['all day operational', [span('operational', '2024-03-01T00:00:00Z')], 1, 'operational'],
    [
      'six hours of major outage',
      [
        span('operational', '2024-03-01T00:00:00Z'),
        span('major_outage', '2024-03-09T06:00:00Z'),
        span('operational', '2024-03-09T12:00:00Z'),
      ],
      0.75,
      'major_outage',
    ],
    [
      'a whole day of partial outage (weighted 30%)',
      [span('operational', '2024-03-01T00:00:00Z'), span('partial_outage', '2024-03-09T00:00:00Z'), span('operational', '2024-03-10T00:00:00Z')],
      0.7,
      'partial_outage',
    ],
    [
      'twelve hours partial then twelve hours major',
      [span('partial_outage', '2024-03-09T00:00:00Z'), span('major_outage', '2024-03-09T12:00:00Z'), span('operational', '2024-03-10T00:00:00Z')],
      1 - (0.5 * 0.3 + 0.5),
      'major_outage',
    ],
    [
      'degraded performance counts as up',
      [span('operational', '2024-03-01T00:00:00Z'), span('degraded_performance', '2024-03-09T03:00:00Z'), span('operational', '2024-03-09T20:00:00Z')],
      1,
      'degraded_performance',
    ],
    [
      'maintenance counts as up',
      [span('operational', '2024-03-01T00:00:00Z'), span('under_maintenance', '2024-03-09T02:00:00Z'), span('operational', '2024-03-09T04:00:00Z')],
      1,
      'under_maintenance',
    ],
    [
      'an outage carried in from the day before',
      [span('operational', '2024-03-01T00:00:00Z'), span('major_outage', '2024-03-08T22:00:00Z'), span('operational', '2024-03-09T06:00:00Z')],
      0.75,
      'major_outage',
    ],
    [
      'an outage that started and ended the day before',
      [span('operational', '2024-03-01T00:00:00Z'), span('major_outage', '2024-03-08T10:00:00Z'), span('operational', '2024-03-08T23:00:00Z')],
      1,
      'operational',
    ],
    [
      'history given newest first',
      [span('operational', '2024-03-09T12:00:00Z'), span('major_outage', '2024-03-09T06:00:00Z'), span('operational', '2024-03-01T00:00:00Z')],
      0.75,
      'major_outage',
    ],
  ])('scores 2024-03-09 with %s', (_, history, uptime, worst) => {
    const day = dailyUptime(history, { days: 2, now: NOW })[0];

    expect(day?.date).toBe('2024-03-09');
    expect(day?.uptime).toBeCloseTo(uptime, 10);
    expect(day?.worst).toBe(worst);
  });

  it('counts today only up to now', () => {
    // Prepare: a major outage since 06:00; it is 12:00.
    const history = [span('operational', '2024-03-01T00:00:00Z'), span('major_outage', '2024-03-10T06:00:00Z')];

    // Act
    const today = dailyUptime(history, { days: 1, now: NOW })[0];

    // Assess
    expect(today).toEqual({ date: '2024-03-10', uptime: 0.5, worst: 'major_outage' });
  });

  it('has no data for days before the component existed, and counts only the part after', () => {
    const history = [span('operational', '2024-03-09T12:00:00Z'), span('major_outage', '2024-03-09T18:00:00Z')];

    const days = dailyUptime(history, { days: 3, now: NOW });

    expect(days).toEqual([
      { date: '2024-03-08', uptime: null, worst: 'operational' },
      { date: '2024-03-09', uptime: 0.5, worst: 'major_outage' },
      { date: '2024-03-10', uptime: 0, worst: 'major_outage' },
    ]);
  });

  it('starts at createdAt and takes the time before the first entry as operational', () => {
    const history = [span('major_outage', '2024-03-09T18:00:00Z')];

    const days = dailyUptime(history, { days: 3, now: NOW, createdAt: '2024-03-09T06:00:00Z' });

    expect(days[0]).toEqual({ date: '2024-03-08', uptime: null, worst: 'operational' });
    expect(days[1]?.uptime).toBeCloseTo(12 / 18, 10);
    expect(days[1]?.worst).toBe('major_outage');
  });

  it('counts nothing from before createdAt even when history goes back further', () => {
    const history = [span('major_outage', '2024-03-08T00:00:00Z'), span('operational', '2024-03-09T12:00:00Z')];

    const days = dailyUptime(history, { days: 3, now: NOW, createdAt: '2024-03-09T06:00:00Z' });

    // 06:00–12:00 down of 06:00–24:00 observed; the outage from 03-08 is before the component existed.
    expect(days[0]?.uptime).toBeNull();
    expect(days[1]?.uptime).toBeCloseTo(1 - 6 / 18, 10);
  });

  it('treats a component with no history as operational since createdAt', () => {
    const days = dailyUptime([], { days: 2, now: NOW, createdAt: '2024-03-10T00:00:00Z' });

    expect(days).toEqual([
      { date: '2024-03-09', uptime: null, worst: 'operational' },
      { date: '2024-03-10', uptime: 1, worst: 'operational' },
    ]);
  });

  it('has no data at all without history or createdAt', () => {
    const days = dailyUptime([], { days: 2, now: NOW });

    expect(days.map((d) => d.uptime)).toEqual([null, null]);
  });

  it('scores today by the current status when now is exactly midnight', () => {
    const history = [span('operational', '2024-03-01T00:00:00Z'), span('partial_outage', '2024-03-09T20:00:00Z')];

    const days = dailyUptime(history, { days: 2, now: '2024-03-10T00:00:00.000Z' });

    expect(days[1]?.date).toBe('2024-03-10');
    expect(days[1]?.uptime).toBeCloseTo(0.7, 10);
    expect(days[1]?.worst).toBe('partial_outage');
  });

  it.each([0, -3])('returns nothing for %d days', (count) => {
    expect(dailyUptime([span('operational', '2024-03-01T00:00:00Z')], { days: count, now: NOW })).toEqual([]);
  });
});

describe('uptimePercentage', () => {
  const history = [
    span('operational', '2023-12-01T00:00:00Z'),
    span('major_outage', '2024-01-10T10:00:00Z'), // 1 h down
    span('operational', '2024-01-10T11:00:00Z'),
    span('partial_outage', '2024-02-01T00:00:00Z'), // 10 h × 0.3 = 3 h down
    span('degraded_performance', '2024-02-01T10:00:00Z'), // up
    span('operational', '2024-02-02T00:00:00Z'),
  ];

  it('weighs major outage fully and partial outage at 30% over 90 days', () => {
    const percent = uptimePercentage(history, { from: '2023-12-11T12:00:00Z', to: NOW });

    expect(percent).toBeCloseTo(100 * (1 - 4 / (90 * 24)), 10);
  });

  it('is 100 over a window without downtime', () => {
    expect(uptimePercentage(history, { from: '2024-02-10T00:00:00Z', to: NOW })).toBe(100);
  });

  it('is 0 over a window of nothing but major outage', () => {
    expect(uptimePercentage(history, { from: '2024-01-10T10:00:00Z', to: '2024-01-10T11:00:00Z' })).toBe(0);
  });

  it('leaves out the time before the component existed', () => {
    const young = [span('operational', '2024-03-10T00:00:00Z'), span('major_outage', '2024-03-10T09:00:00Z')];

    expect(uptimePercentage(young, { from: '2024-01-01T00:00:00Z', to: NOW })).toBeCloseTo(75, 10);
  });

  it('honours createdAt', () => {
    const percent = uptimePercentage([span('major_outage', '2024-03-10T09:00:00Z')], {
      from: '2024-01-01T00:00:00Z',
      to: NOW,
      createdAt: '2024-03-10T00:00:00Z',
    });

    expect(percent).toBeCloseTo(75, 10);
  });

  it('is 100 when nothing in the window was observed', () => {
    expect(uptimePercentage([], { from: '2024-01-01T00:00:00Z', to: NOW })).toBe(100);
  });
});

describe('trackedUptime', () => {
  it('judges a component made today on today alone, and says it is one day', () => {
    // Prepare: made at 08:00, one minute of major outage at 08:10; it is 08:14.
    const createdAt = '2026-12-03T08:00:00.000Z';
    const history = [span('operational', createdAt), span('major_outage', '2026-12-03T08:10:00.000Z'), span('operational', '2026-12-03T08:11:00.000Z')];

    // Act
    const uptime = trackedUptime(history, { days: 90, now: '2026-12-03T08:14:00.000Z', createdAt });

    // Assess
    expect(uptime.trackedDays).toBe(1);
    expect(uptime.percent).toBeCloseTo(100 * (1 - 1 / 14), 10);
  });

  it('counts the days since creation, today included, and only their time', () => {
    const uptime = trackedUptime([span('major_outage', '2024-03-09T18:00:00Z')], { days: 90, now: NOW, createdAt: '2024-03-08T00:00:00Z' });

    // 6 h down at the end of 03-09, and 03-10 down until 12:00: 18 h of 60 h observed.
    expect(uptime).toEqual({ percent: expect.closeTo(100 * (1 - 18 / 60), 10), trackedDays: 3 });
  });

  it('covers the whole window for a component older than it', () => {
    expect(trackedUptime([span('operational', '2023-01-01T00:00:00Z')], { days: 90, now: NOW })).toEqual({ percent: 100, trackedDays: 90 });
    expect(trackedUptime([span('operational', '2023-01-01T00:00:00Z')], { days: 30, now: NOW }).trackedDays).toBe(30);
  });

  it('has no tracked days without history or createdAt, or for an empty window', () => {
    expect(trackedUptime([], { days: 90, now: NOW })).toEqual({ percent: 100, trackedDays: 0 });
    expect(trackedUptime([span('operational', '2023-01-01T00:00:00Z')], { days: 0, now: NOW })).toEqual({ percent: 100, trackedDays: 0 });
  });
});
