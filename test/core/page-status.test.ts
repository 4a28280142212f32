import { describe, expect, it } from 'vitest';
import { COMPONENT_STATUSES, type ComponentStatus } from '#core/component-status';
import { computePageStatus, PAGE_INDICATORS, type PageIndicator } from '#core/page-status';
import { IMPACTS, type Impact } from '#core/severity';

const PHRASES: Record<string, PageIndicator> = {
  'All Systems Operational': 'none',
  'Service Under Maintenance': 'maintenance',
  'Partially Degraded Service': 'minor',
  'Minor Service Outage': 'minor',
  'Partial System Outage': 'major',
  'Major System Outage': 'critical',
};

const components = (...statuses: ComponentStatus[]) => statuses.map((status) => ({ status }));
const incidents = (...impacts: Impact[]) => impacts.map((impact) => ({ impact }));

describe('computePageStatus', () => {
  it.each<[string, ComponentStatus[], PageIndicator, string]>([
    ['no components', [], 'none', 'All Systems Operational'],
    ['one operational', ['operational'], 'none', 'All Systems Operational'],
    ['all operational', ['operational', 'operational', 'operational'], 'none', 'All Systems Operational'],
    ['one under maintenance', ['under_maintenance'], 'maintenance', 'Service Under Maintenance'],
    ['some under maintenance', ['operational', 'under_maintenance'], 'maintenance', 'Service Under Maintenance'],
    ['one degraded', ['degraded_performance'], 'minor', 'Partially Degraded Service'],
    ['all degraded', ['degraded_performance', 'degraded_performance'], 'minor', 'Partially Degraded Service'],
    ['some degraded', ['operational', 'degraded_performance'], 'minor', 'Partially Degraded Service'],
    ['degraded and maintenance', ['under_maintenance', 'degraded_performance'], 'minor', 'Partially Degraded Service'],
    ['one partial outage', ['partial_outage'], 'major', 'Partial System Outage'],
    ['all partial outage', ['partial_outage', 'partial_outage'], 'major', 'Partial System Outage'],
    ['some partial outage', ['operational', 'partial_outage'], 'minor', 'Minor Service Outage'],
    ['partial outage and degraded', ['degraded_performance', 'partial_outage'], 'minor', 'Minor Service Outage'],
    ['one major outage', ['major_outage'], 'critical', 'Major System Outage'],
    ['all major outage', ['major_outage', 'major_outage', 'major_outage'], 'critical', 'Major System Outage'],
    ['some major outage', ['operational', 'major_outage'], 'major', 'Partial System Outage'],
    ['major and partial outage', ['partial_outage', 'major_outage'], 'major', 'Partial System Outage'],
    ['major outage and maintenance', ['under_maintenance', 'major_outage'], 'major', 'Partial System Outage'],
  ])('reads %s as %s: %s', (_, statuses, indicator, description) => {
    expect(computePageStatus({ components: components(...statuses), openIncidents: [] })).toEqual({
      indicator,
      description,
    });
  });

  it.each<[Impact, PageIndicator, string]>([
    ['none', 'none', 'All Systems Operational'],
    ['minor', 'minor', 'Minor Service Outage'],
    ['major', 'major', 'Partial System Outage'],
    ['critical', 'critical', 'Major System Outage'],
  ])('reads an open %s incident on an operational page as %s: %s', (impact, indicator, description) => {
    const status = computePageStatus({ components: components('operational'), openIncidents: incidents(impact) });

    expect(status).toEqual({ indicator, description });
  });

  it.each<[string, ComponentStatus[], Impact[], boolean, PageIndicator, string]>([
    ['a minor incident beats a degraded component', ['degraded_performance'], ['minor'], false, 'minor', 'Minor Service Outage'],
    ['a minor incident beats maintenance', ['under_maintenance'], ['minor'], false, 'minor', 'Minor Service Outage'],
    ['a total outage beats a minor incident', ['major_outage', 'major_outage'], ['minor'], false, 'critical', 'Major System Outage'],
    ['a critical incident beats a partial outage', ['operational', 'partial_outage'], ['critical'], false, 'critical', 'Major System Outage'],
    ['the worst of several incidents wins', [], ['minor', 'critical', 'major'], false, 'critical', 'Major System Outage'],
    ['an impact-none incident leaves maintenance alone', ['under_maintenance'], ['none'], false, 'maintenance', 'Service Under Maintenance'],
    ['an impact-none incident leaves degraded alone', ['degraded_performance'], ['none'], false, 'minor', 'Partially Degraded Service'],
    ['maintenance in progress shows on an operational page', ['operational'], [], true, 'maintenance', 'Service Under Maintenance'],
    ['maintenance in progress with no components', [], [], true, 'maintenance', 'Service Under Maintenance'],
    ['a degraded component beats maintenance in progress', ['degraded_performance'], [], true, 'minor', 'Partially Degraded Service'],
    ['a major incident beats maintenance in progress', ['under_maintenance'], ['major'], true, 'major', 'Partial System Outage'],
  ])('%s', (_, statuses, impacts, maintenanceInProgress, indicator, description) => {
    const status = computePageStatus({
      components: components(...statuses),
      openIncidents: incidents(...impacts),
      maintenanceInProgress,
    });

    expect(status).toEqual({ indicator, description });
  });

  it('leaves groups out of the blend', () => {
    // Prepare: every real component is down; the group's cached status lags behind.
    const input = {
      components: [{ status: 'operational' as const, group: true }, ...components('major_outage', 'major_outage')],
      openIncidents: [],
    };

    // Act
    const status = computePageStatus(input);

    // Assess
    expect(status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
  });

  it('ignores a group even when it is the only thing marked down', () => {
    const status = computePageStatus({
      components: [{ status: 'major_outage', group: true }, ...components('operational')],
      openIncidents: [],
    });

    expect(status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('always answers one of Statuspage phrases, with its indicator, for every combination', () => {
    // Prepare: every pair of component statuses (and none, and one), every impact, maintenance on/off.
    const sets: ComponentStatus[][] = [[]];
    for (const a of COMPONENT_STATUSES) {
      sets.push([a]);
      for (const b of COMPONENT_STATUSES) sets.push([a, b]);
    }
    let checked = 0;

    for (const statuses of sets) {
      for (const impact of IMPACTS) {
        for (const maintenanceInProgress of [false, true]) {
          // Act
          const { indicator, description } = computePageStatus({
            components: components(...statuses),
            openIncidents: incidents(impact),
            maintenanceInProgress,
          });

          // Assess
          expect(PHRASES[description], description).toBe(indicator);
          expect(PAGE_INDICATORS).toContain(indicator);
          checked += 1;
        }
      }
    }
    expect(checked).toBe((1 + 5 + 25) * 4 * 2);
  });
});
