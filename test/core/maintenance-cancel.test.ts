import { describe, expect, it } from 'vitest';
import { checkMaintenanceCancel, isCancelledMaintenance } from '#core/maintenance-lifecycle';

const window = { scheduled_until: '2026-12-01T11:00:00.000Z', started_at: null, completed_at: null, cancelled_at: null } as const;

describe('isCancelledMaintenance', () => {
  it('is a completed window marked cancelled, or one closed from scheduled before its end', () => {
    expect(isCancelledMaintenance({ ...window, status: 'completed', completed_at: '2026-12-01T07:00:00.000Z', cancelled_at: '2026-12-01T07:00:00.000Z' })).toBe(true);
    expect(isCancelledMaintenance({ ...window, status: 'completed', completed_at: '2026-12-01T07:00:00.000Z' })).toBe(true);
  });

  it('is not a window that ran, one the scheduler closed after its end, or one still open', () => {
    expect(isCancelledMaintenance({ ...window, status: 'completed', started_at: '2026-12-01T10:00:00.000Z', completed_at: '2026-12-01T11:00:00.000Z' })).toBe(false);
    expect(isCancelledMaintenance({ ...window, status: 'completed', completed_at: '2026-12-01T11:00:00.000Z' })).toBe(false);
    expect(isCancelledMaintenance({ ...window, status: 'scheduled' })).toBe(false);
  });
});

describe('checkMaintenanceCancel', () => {
  it('allows only a window that has not started', () => {
    expect(checkMaintenanceCancel({ status: 'scheduled', started_at: null })).toEqual({ ok: true });
    for (const status of ['in_progress', 'verifying'] as const) {
      expect(checkMaintenanceCancel({ status, started_at: '2026-12-01T10:00:00.000Z' })).toEqual({ ok: false, reason: expect.stringContaining(`has started (${status})`) });
    }
    expect(checkMaintenanceCancel({ status: 'completed', started_at: null })).toEqual({ ok: false, reason: expect.stringContaining('final') });
  });
});
