import { describe, expect, it } from 'vitest';
import { buildHistoryView, buildIncidentView, buildIndexView, componentGroups } from '#publisher/render/site-model';
import { aComponent, anIncident, anUpdate, history, siteData } from '../../fixtures/site/builders.ts';

describe('componentGroups', () => {
  it('orders top-level entries by position, children under their group', () => {
    const groups = componentGroups(
      siteData({
        components: [
          aComponent({ id: 'b', name: 'B', position: 2 }),
          aComponent({ id: 'g', name: 'Group', group: true, position: 1 }),
          aComponent({ id: 'g2', name: 'Child 2', group_id: 'g', position: 2 }),
          aComponent({ id: 'g1', name: 'Child 1', group_id: 'g', position: 1 }),
        ],
      }),
    );

    expect(groups.map((g) => [g.name, g.components.map((c) => c.name)])).toEqual([
      ['Group', ['Child 1', 'Child 2']],
      [null, ['B']],
    ]);
  });

  it('gives a group the worst status of its children', () => {
    const [group] = componentGroups(
      siteData({
        components: [
          aComponent({ id: 'g', group: true }),
          aComponent({ group_id: 'g', status: 'degraded_performance' }),
          aComponent({ group_id: 'g', status: 'major_outage' }),
        ],
      }),
    );

    expect(group).toMatchObject({ status: 'major_outage', statusLabel: 'Major outage' });
  });

  it('hides a component shown only when degraded while it is operational, and an empty group', () => {
    const data = (status: 'operational' | 'partial_outage') =>
      siteData({
        components: [aComponent({ id: 'g', name: 'G', group: true }), aComponent({ id: 'c', name: 'Quiet', group_id: 'g', only_show_if_degraded: true, status })],
      });

    expect(componentGroups(data('operational'))).toEqual([]);
    expect(componentGroups(data('partial_outage')).map((g) => g.components.map((c) => c.name))).toEqual([['Quiet']]);
  });

  it('shows a child whose group is gone as a top-level component', () => {
    const groups = componentGroups(siteData({ components: [aComponent({ name: 'Orphan', group_id: 'deleted' })] }));

    expect(groups.map((g) => [g.name, g.components[0]!.name])).toEqual([[null, 'Orphan']]);
  });
});

describe('the uptime of a component', () => {
  it('colours each of the 90 days by its worst status, greys days before the component existed', () => {
    const component = aComponent({ id: 'c', created_at: '2025-11-25T00:00:00.000Z' });
    const statusHistory = {
      c: history(['operational', '2025-11-25T00:00:00.000Z'], ['partial_outage', '2025-11-26T06:00:00.000Z'], ['operational', '2025-11-26T12:00:00.000Z']),
    };

    const uptime = componentGroups(siteData({ components: [component], statusHistory }))[0]!.components[0]!.uptime;

    expect(uptime.days).toHaveLength(90);
    expect(uptime.days.slice(-4).map((d) => [d.date, d.tone])).toEqual([
      ['2025-11-24', 'nodata'],
      ['2025-11-25', 'ok'],
      ['2025-11-26', 'partial'],
      ['2025-11-27', 'ok'],
    ]);
    expect(uptime.days[88]!.label).toBe('26 Nov 2025: 92.5% uptime, partial outage');
    expect(uptime.days[86]!.label).toBe('24 Nov 2025: no data');
    expect(uptime.percent).toBe('97%'); // 6 h at 0.3 down over the 60 h it has existed
  });

  it('reads 100% for a component that never failed', () => {
    const uptime = componentGroups(siteData({ components: [aComponent()] }))[0]!.components[0]!.uptime;

    expect(uptime.percent).toBe('100%');
    expect(uptime.summary).toBe('100% uptime over the last 90 days.');
  });
});

describe('buildIndexView', () => {
  it('lists open incidents newest first and recent resolved ones apart', () => {
    const data = siteData({
      incidents: [
        anIncident({ title: 'Older open', startedAt: '2025-11-26T10:00:00.000Z' }),
        anIncident({ title: 'Newer open', startedAt: '2025-11-27T10:00:00.000Z' }),
        anIncident({ title: 'Recently fixed', status: 'resolved', startedAt: '2025-11-25T10:00:00.000Z' }),
        anIncident({ title: 'Long ago', status: 'resolved', startedAt: '2025-09-01T10:00:00.000Z' }),
      ],
    });

    const view = buildIndexView(data);

    expect(view.openIncidents.map((i) => i.title)).toEqual(['Newer open', 'Older open']);
    expect(view.recentIncidents.map((i) => i.title)).toEqual(['Recently fixed']);
    expect(view.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('reads maintenance when a window is in progress', () => {
    const view = buildIndexView(siteData({ components: [aComponent({ status: 'under_maintenance' })] }));

    expect(view.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
  });
});

describe('buildIncidentView', () => {
  it('is null for an unknown incident', () => {
    expect(buildIncidentView(siteData(), 'INC-nope')).toBeNull();
  });

  it('names components by their current name, falling back to the name an update recorded', () => {
    const incident = anIncident({
      component_ids: ['live', 'gone'],
      updates: [anUpdate({ component_changes: [{ id: 'gone', name: 'Legacy API', old_status: 'operational', new_status: 'major_outage' }] })],
    });

    const view = buildIncidentView(siteData({ components: [aComponent({ id: 'live', name: 'Web' })], incidents: [incident] }), incident.id)!;

    expect(view.incident.componentNames).toEqual(['Web', 'Legacy API']);
  });
});

describe('buildHistoryView', () => {
  it('has one empty page when there is no incident, and nothing past the last page', () => {
    expect(buildHistoryView(siteData(), 1)).toMatchObject({ page: 1, pageCount: 1, incidents: [], newerHref: null, olderHref: null });
    expect(buildHistoryView(siteData(), 2)).toBeNull();
    expect(buildHistoryView(siteData(), 0)).toBeNull();
  });
});
