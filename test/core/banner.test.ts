import { describe, expect, it } from 'vitest';
import { ALL_COMPONENTS_OPERATIONAL, computeBanner, ONGOING_INCIDENT, ONGOING_INCIDENTS } from '#core/banner';
import type { ComponentStatus } from '#core/component-status';
import type { IncidentStatus } from '#core/incident-lifecycle';
import { computePageStatus } from '#core/page-status';
import type { Impact } from '#core/severity';

const components = (...statuses: ComponentStatus[]) => statuses.map((status) => ({ status }));
const incident = (status: IncidentStatus, impact: Impact = 'critical') => ({ status, impact });

describe('computeBanner', () => {
  it('reads All Systems Operational when every component is up and nothing is open', () => {
    const banner = computeBanner({ components: components('operational', 'operational'), openIncidents: [] });

    expect(banner).toEqual({ tone: 'none', description: 'All Systems Operational', openIncidents: 0, openStatuses: [] });
  });

  it('does not call a critical incident in monitoring an outage once every component is operational', () => {
    // Prepare: the case that read red "Major System Outage" on the page.
    const input = { components: components('operational', 'operational'), openIncidents: [incident('monitoring', 'critical')] };

    // Act
    const banner = computeBanner(input);

    // Assess: the banner says, in a neutral tone, that the components are fine and one incident is
    // being monitored,
    expect(banner).toEqual({ tone: 'notice', description: ALL_COMPONENTS_OPERATIONAL, openIncidents: 1, openStatuses: ['monitoring'] });
    // while Statuspage's indicator in the JSON keeps its own rule.
    expect(computePageStatus(input)).toEqual({ indicator: 'critical', description: 'Major System Outage' });
  });

  it.each<[string, ComponentStatus[], string, string]>([
    ['a degraded component', ['operational', 'degraded_performance'], 'minor', 'Partially Degraded Service'],
    ['some partial outage', ['operational', 'partial_outage'], 'minor', 'Minor Service Outage'],
    ['some major outage', ['operational', 'major_outage'], 'major', 'Partial System Outage'],
    ['a total outage', ['major_outage', 'major_outage'], 'critical', 'Major System Outage'],
    ['maintenance', ['operational', 'under_maintenance'], 'maintenance', 'Service Under Maintenance'],
  ])('describes %s by the components alone, whatever the incident’s impact', (_, statuses, tone, description) => {
    const banner = computeBanner({ components: components(...statuses), openIncidents: [incident('investigating', 'critical')] });

    expect(banner).toMatchObject({ tone, description, openIncidents: 1 });
  });

  it('lists the open incidents’ statuses once each, investigating first', () => {
    const banner = computeBanner({
      components: components('partial_outage'),
      openIncidents: [incident('monitoring'), incident('investigating'), incident('monitoring')],
    });

    expect(banner.openIncidents).toBe(3);
    expect(banner.openStatuses).toEqual(['investigating', 'monitoring']);
  });

  it('reads maintenance in progress even before its components are marked', () => {
    const banner = computeBanner({ components: components('operational'), openIncidents: [], maintenanceInProgress: true });

    expect(banner).toMatchObject({ tone: 'maintenance', description: 'Service Under Maintenance' });
  });

  it('says an incident is ongoing on a page without components, rather than that all is well or down', () => {
    expect(computeBanner({ components: [], openIncidents: [incident('investigating')] })).toMatchObject({ tone: 'notice', description: ONGOING_INCIDENT });
    expect(computeBanner({ components: [], openIncidents: [incident('investigating'), incident('identified')] }).description).toBe(ONGOING_INCIDENTS);
  });

  it('leaves groups out, as the page status does', () => {
    const banner = computeBanner({ components: [{ status: 'major_outage', group: true }, { status: 'operational' }], openIncidents: [] });

    expect(banner.description).toBe('All Systems Operational');
  });

  it('is never worse than the components’ own status, for every component status and incident', () => {
    for (const status of ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const) {
      for (const open of ['investigating', 'identified', 'monitoring'] as const) {
        const alone = computePageStatus({ components: components(status), openIncidents: [] });
        const banner = computeBanner({ components: components(status), openIncidents: [incident(open, 'critical')] });

        expect(banner.tone).toBe(status === 'operational' ? 'notice' : alone.indicator);
      }
    }
  });
});
