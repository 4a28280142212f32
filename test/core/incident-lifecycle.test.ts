import { describe, expect, it } from 'vitest';
import {
  checkIncidentTransition,
  EARLY_RESOLVE_MINUTES,
  INCIDENT_STATUSES,
  type IncidentStatus,
  isOpenStatus,
  minutesInStatus,
  OPEN_INCIDENT_STATUSES,
  type TransitionKind,
} from '#core/incident-lifecycle';

describe('checkIncidentTransition', () => {
  // Every pair of statuses: the expected kind, or null for a forbidden move.
  const table: Array<[IncidentStatus, IncidentStatus, TransitionKind | null]> = [
    ['investigating', 'investigating', 'progress'],
    ['investigating', 'identified', 'advance'],
    ['investigating', 'monitoring', 'advance'],
    ['investigating', 'resolved', 'resolve'],
    ['identified', 'investigating', 'fallback'],
    ['identified', 'identified', 'progress'],
    ['identified', 'monitoring', 'advance'],
    ['identified', 'resolved', 'resolve'],
    ['monitoring', 'investigating', 'fallback'],
    ['monitoring', 'identified', 'fallback'],
    ['monitoring', 'monitoring', 'progress'],
    ['monitoring', 'resolved', 'resolve'],
    ['resolved', 'investigating', 'reopen'],
    ['resolved', 'identified', null],
    ['resolved', 'monitoring', null],
    ['resolved', 'resolved', 'addendum'],
  ];

  it('covers all 16 pairs of statuses', () => {
    const pairs = new Set(table.map(([from, to]) => `${from}>${to}`));

    expect(pairs.size).toBe(INCIDENT_STATUSES.length ** 2);
  });

  it.each(table.filter(([, , kind]) => kind !== null))('allows %s → %s as %s', (from, to, kind) => {
    const check = checkIncidentTransition({ from, to, monitoringMinutes: 60, notify: true });

    expect(check).toEqual({ ok: true, kind, warnings: [] });
  });

  it.each(table.filter(([, , kind]) => kind === null))('rejects a move from %s to %s', (from, to) => {
    const check = checkIncidentTransition({ from, to, monitoringMinutes: 60 });

    expect(check.ok).toBe(false);
  });

  it('rejects a move from resolved to monitoring with a reason a person can act on', () => {
    const check = checkIncidentTransition({ from: 'resolved', to: 'monitoring', monitoringMinutes: 0 });

    expect(check).toEqual({
      ok: false,
      reason:
        'A resolved incident can only be reopened (investigating) or given an addendum (resolved), not moved to monitoring.',
    });
  });

  it('names the target status in the reason for resolved → identified', () => {
    const check = checkIncidentTransition({ from: 'resolved', to: 'identified', monitoringMinutes: 0 });

    expect(check.ok === false && check.reason).toMatch(/not moved to identified\.$/);
  });

  it.each<[IncidentStatus, number, number]>([
    ['monitoring', 0, 0],
    ['monitoring', 12, 12],
    ['monitoring', 29.9, 29],
    ['monitoring', 1, 1],
    ['monitoring', -5, 0],
    ['monitoring', Number.NaN, 0],
  ])('warns when resolving from %s after %d minutes in monitoring', (from, minutes, shown) => {
    const check = checkIncidentTransition({ from, to: 'resolved', monitoringMinutes: minutes });

    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.kind).toBe('resolve');
    expect(check.warnings).toHaveLength(1);
    expect(check.warnings[0]).toMatch(
      new RegExp(`^Closed after ${shown} minutes? in monitoring, fewer than ${EARLY_RESOLVE_MINUTES}\\b`),
    );
  });

  it('says "1 minute", not "1 minutes"', () => {
    const check = checkIncidentTransition({ from: 'monitoring', to: 'resolved', monitoringMinutes: 1 });

    expect(check.ok && check.warnings[0]).toContain('after 1 minute in monitoring');
  });

  it.each([30, 30.5, 240])('does not warn when resolving after %d minutes in monitoring', (minutes) => {
    const check = checkIncidentTransition({ from: 'monitoring', to: 'resolved', monitoringMinutes: minutes });

    expect(check).toEqual({ ok: true, kind: 'resolve', warnings: [] });
  });

  it.each<[IncidentStatus, IncidentStatus]>([
    ['resolved', 'resolved'],
    ['resolved', 'investigating'],
    ['monitoring', 'investigating'],
    ['investigating', 'monitoring'],
  ])('does not warn about monitoring time on %s → %s', (from, to) => {
    const check = checkIncidentTransition({ from, to, monitoringMinutes: 0, notify: true });

    expect(check.ok && check.warnings).toEqual([]);
  });

  it.each<IncidentStatus>(['investigating', 'identified'])(
    'says "Resolved without a monitoring period" for an incident resolved from %s that never entered monitoring',
    (from) => {
      const check = checkIncidentTransition({ from, to: 'resolved', monitoringMinutes: 0, enteredMonitoring: false });

      expect(check.ok && check.warnings).toEqual([expect.stringMatching(/^Resolved without a monitoring period\b/)]);
      expect(check.ok && check.warnings.join()).not.toMatch(/Closed after/);
    },
  );

  it('counts a monitoring spell that rounds to 0 minutes as monitoring (Closed after 0 minutes)', () => {
    const check = checkIncidentTransition({ from: 'identified', to: 'resolved', monitoringMinutes: 0.2, enteredMonitoring: true });

    expect(check.ok && check.warnings).toEqual([expect.stringMatching(/^Closed after 0 minutes in monitoring/)]);
  });

  it('lists the components a resolution leaves down, by name and status, and not those operational or under maintenance', () => {
    const check = checkIncidentTransition({
      from: 'monitoring', to: 'resolved', monitoringMinutes: 45,
      components: [
        { id: 'a', name: 'Checkout', status: 'major_outage' },
        { id: 'b', name: 'Search', status: 'degraded_performance' },
        { id: 'c', name: 'Login', status: 'operational' },
        { id: 'd', name: 'Database', status: 'under_maintenance' },
      ],
    });

    expect(check.ok && check.warnings).toHaveLength(1);
    expect(check.ok && check.warnings[0]).toMatch(
      /^Resolved while 2 of its components are still not operational: Checkout \(major_outage\), Search \(degraded_performance\)\./,
    );
    expect(check.ok && check.warnings[0]).toContain('"restore_components": true');
  });

  it('does not warn about components when every one is operational, nor on a move that is not a resolution', () => {
    const ok = [{ id: 'a', name: 'Checkout', status: 'operational' as const }];
    const down = [{ id: 'a', name: 'Checkout', status: 'partial_outage' as const }];

    expect(checkIncidentTransition({ from: 'monitoring', to: 'resolved', monitoringMinutes: 45, components: ok })).toEqual({ ok: true, kind: 'resolve', warnings: [] });
    expect(checkIncidentTransition({ from: 'identified', to: 'monitoring', monitoringMinutes: 0, components: down })).toEqual({ ok: true, kind: 'advance', warnings: [] });
  });

  it('says that an addendum to a resolved incident notifies nobody, unless it is posted with notify', () => {
    const quiet = checkIncidentTransition({ from: 'resolved', to: 'resolved', monitoringMinutes: 45, notify: false });
    const loud = checkIncidentTransition({ from: 'resolved', to: 'resolved', monitoringMinutes: 45, notify: true });

    expect(quiet.ok && quiet.kind).toBe('addendum');
    expect(quiet.ok && quiet.warnings).toEqual([expect.stringMatching(/^This follow-up on a resolved incident notifies nobody/)]);
    expect(loud.ok && loud.warnings).toEqual([]);
  });
});

describe('isOpenStatus', () => {
  it.each([
    ['investigating', true],
    ['identified', true],
    ['monitoring', true],
    ['resolved', false],
  ] as const)('says %s is open: %s', (status, open) => {
    expect(isOpenStatus(status)).toBe(open);
  });

  it('lists the open statuses in lifecycle order', () => {
    expect(OPEN_INCIDENT_STATUSES).toEqual(['investigating', 'identified', 'monitoring']);
  });
});

describe('minutesInStatus', () => {
  const at = (hhmm: string) => `2024-05-01T${hhmm}:00.000Z`;
  const timeline = [
    { status: 'investigating', created_at: at('10:00') },
    { status: 'monitoring', created_at: at('10:20') },
    { status: 'investigating', created_at: at('10:35') },
    { status: 'identified', created_at: at('10:40') },
    { status: 'monitoring', created_at: at('11:00') },
  ] as const;

  it.each<[IncidentStatus, string, number]>([
    ['investigating', at('12:00'), 25],
    ['identified', at('12:00'), 20],
    ['monitoring', at('12:00'), 15 + 60],
    ['monitoring', at('11:10'), 15 + 10],
    ['resolved', at('12:00'), 0],
  ])('counts %s until %s as %d minutes', (status, now, minutes) => {
    expect(minutesInStatus(timeline, status, now)).toBe(minutes);
  });

  it('orders updates by time whatever order they come in', () => {
    const shuffled = [timeline[4], timeline[1], timeline[0], timeline[3], timeline[2]];

    expect(minutesInStatus(shuffled, 'monitoring', at('12:00'))).toBe(75);
  });

  it('counts fractions of a minute', () => {
    const updates = [{ status: 'monitoring', created_at: '2024-05-01T10:00:00.000Z' }] as const;

    expect(minutesInStatus(updates, 'monitoring', '2024-05-01T10:00:30.000Z')).toBe(0.5);
  });

  it('counts nothing for a now earlier than the last update', () => {
    const updates = [{ status: 'monitoring', created_at: at('10:00') }] as const;

    expect(minutesInStatus(updates, 'monitoring', at('09:00'))).toBe(0);
  });

  it('returns 0 for an empty timeline', () => {
    expect(minutesInStatus([], 'monitoring', at('12:00'))).toBe(0);
  });
});
