import { describe, expect, it } from 'vitest';
import { incidentsPerMonth, monthsOf } from '#core/incidents-per-month';

describe('monthsOf', () => {
  it('lists every UTC month a window touches, across a year end, the end excluded', () => {
    expect(monthsOf('2026-11-15T00:00:00.000Z', '2027-02-01T00:00:00.000Z')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(monthsOf('2026-11-15T00:00:00.000Z', '2026-11-16T00:00:00.000Z')).toEqual(['2026-11']);
  });
});

describe('incidentsPerMonth', () => {
  it('counts by declaration month and severity, zero for quiet months, outside the window not at all', () => {
    const months = incidentsPerMonth({ from: '2026-10-20T00:00:00.000Z', to: '2026-12-10T00:00:00.000Z' }, [
      { created_at: '2026-10-19T23:59:59.999Z', severity: 'SEV1' },
      { created_at: '2026-10-20T00:00:00.000Z', severity: 'SEV1' },
      { created_at: '2026-12-09T23:00:00.000Z', severity: 'SEV2' },
      { created_at: '2026-12-09T23:30:00.000Z', severity: 'SEV2' },
      { created_at: '2026-12-10T00:00:00.000Z', severity: 'SEV0' },
    ]);
    expect(months.map((m) => [m.month, m.incidents])).toEqual([
      ['2026-10', 1],
      ['2026-11', 0],
      ['2026-12', 2],
    ]);
    expect(months[2]!.by_severity).toEqual({ SEV0: 0, SEV1: 0, SEV2: 2, SEV3: 0, SEV4: 0 });
  });
});
