import { describe, expect, it } from 'vitest';
import {
  checkMaintenanceTransition,
  dueMaintenanceTransition,
  isActiveMaintenance,
  MAINTENANCE_STATUSES,
  type MaintenanceStatus,
} from '#core/maintenance-lifecycle';

describe('checkMaintenanceTransition', () => {
  // Every pair of statuses and whether the move is allowed.
  const table: Array<[MaintenanceStatus, MaintenanceStatus, boolean]> = [
    ['scheduled', 'scheduled', true],
    ['scheduled', 'in_progress', true],
    ['scheduled', 'verifying', true],
    ['scheduled', 'completed', true],
    ['in_progress', 'scheduled', false],
    ['in_progress', 'in_progress', true],
    ['in_progress', 'verifying', true],
    ['in_progress', 'completed', true],
    ['verifying', 'scheduled', false],
    ['verifying', 'in_progress', false],
    ['verifying', 'verifying', true],
    ['verifying', 'completed', true],
    ['completed', 'scheduled', false],
    ['completed', 'in_progress', false],
    ['completed', 'verifying', false],
    ['completed', 'completed', false],
  ];

  it('covers all 16 pairs of statuses', () => {
    expect(new Set(table.map(([from, to]) => `${from}>${to}`)).size).toBe(MAINTENANCE_STATUSES.length ** 2);
  });

  it.each(table.filter(([, , ok]) => ok))('allows %s → %s', (from, to) => {
    expect(checkMaintenanceTransition(from, to)).toEqual({ ok: true });
  });

  it.each(table.filter(([, , ok]) => !ok))('rejects a move from %s to %s', (from, to) => {
    const check = checkMaintenanceTransition(from, to);

    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toContain(to);
  });

  it('says a completed maintenance is final', () => {
    const check = checkMaintenanceTransition('completed', 'completed');

    expect(check).toEqual({ ok: false, reason: 'A completed maintenance is final; it cannot move to completed.' });
  });
});

describe('isActiveMaintenance', () => {
  it.each([
    ['scheduled', false],
    ['in_progress', true],
    ['verifying', true],
    ['completed', false],
  ] as const)('says %s is active: %s', (status, active) => {
    expect(isActiveMaintenance(status)).toBe(active);
  });
});

describe('dueMaintenanceTransition', () => {
  const window = {
    scheduled_for: '2024-06-01T02:00:00.000Z',
    scheduled_until: '2024-06-01T04:00:00.000Z',
    auto_transition: true,
  };

  it.each<[MaintenanceStatus, string, MaintenanceStatus | null]>([
    ['scheduled', '2024-06-01T01:59:59.999Z', null],
    ['scheduled', '2024-06-01T02:00:00.000Z', 'in_progress'],
    ['scheduled', '2024-06-01T03:00:00.000Z', 'in_progress'],
    ['scheduled', '2024-06-01T04:00:00.000Z', 'completed'],
    ['scheduled', '2024-06-02T00:00:00.000Z', 'completed'],
    ['in_progress', '2024-06-01T03:59:59.999Z', null],
    ['in_progress', '2024-06-01T04:00:00.000Z', 'completed'],
    ['verifying', '2024-06-01T03:00:00.000Z', null],
    ['verifying', '2024-06-01T05:00:00.000Z', 'completed'],
    ['completed', '2024-06-01T05:00:00.000Z', null],
    ['completed', '2024-06-01T03:00:00.000Z', null],
  ])('moves a %s window at %s to %s', (status, now, due) => {
    expect(dueMaintenanceTransition({ ...window, status }, now)).toBe(due);
  });

  it.each(['2024-06-01T03:00:00.000Z', '2024-06-01T05:00:00.000Z'])(
    'does nothing at %s when auto_transition is off',
    (now) => {
      expect(dueMaintenanceTransition({ ...window, status: 'scheduled', auto_transition: false }, now)).toBeNull();
    },
  );

  it('compares instants, not strings, across time zone offsets', () => {
    const due = dueMaintenanceTransition(
      { ...window, status: 'scheduled', scheduled_for: '2024-06-01T04:00:00+02:00' },
      '2024-06-01T02:30:00.000Z',
    );

    expect(due).toBe('in_progress');
  });
});
