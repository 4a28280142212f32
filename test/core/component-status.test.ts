import { describe, expect, it } from 'vitest';
import {
  COMPONENT_STATUSES,
  type ComponentStatus,
  isComponentStatus,
  worstComponentStatus,
} from '#core/component-status';

describe('worstComponentStatus', () => {
  it.each<[ComponentStatus[], ComponentStatus]>([
    [[], 'operational'],
    [['operational'], 'operational'],
    [['operational', 'operational'], 'operational'],
    [['operational', 'under_maintenance'], 'under_maintenance'],
    [['under_maintenance', 'degraded_performance'], 'degraded_performance'],
    [['degraded_performance', 'partial_outage', 'operational'], 'partial_outage'],
    [['major_outage', 'partial_outage'], 'major_outage'],
    [['partial_outage', 'major_outage', 'operational'], 'major_outage'],
    [['under_maintenance'], 'under_maintenance'],
  ])('finds the worst of %j: %s', (statuses, worst) => {
    expect(worstComponentStatus(statuses)).toBe(worst);
  });

  it('takes any iterable, a generator included', () => {
    function* statuses(): Generator<ComponentStatus> {
      yield 'degraded_performance';
      yield 'operational';
    }

    expect(worstComponentStatus(statuses())).toBe('degraded_performance');
    expect(worstComponentStatus(new Set<ComponentStatus>(['partial_outage']))).toBe('partial_outage');
  });

  it('ranks statuses from best to worst', () => {
    expect(COMPONENT_STATUSES).toEqual([
      'operational',
      'under_maintenance',
      'degraded_performance',
      'partial_outage',
      'major_outage',
    ]);
  });
});

describe('isComponentStatus', () => {
  it.each([...COMPONENT_STATUSES])('accepts %s', (status) => {
    expect(isComponentStatus(status)).toBe(true);
  });

  it.each(['', 'down', 'Operational', 'degraded'])('rejects %j', (value) => {
    expect(isComponentStatus(value)).toBe(false);
  });
});
