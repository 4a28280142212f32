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
    expect(uptime.figure).toBe('100% uptime over 90 days');
    expect(uptime.shortFigure).toBe('100% over 30 days');
    expect(uptime.summary).toBe('100% uptime over the last 90 days.');
  });

  it('judges a component made today on today, and says it is one day, on a wide screen and a phone', () => {
    // Prepare: made at 11:00, one minute of major outage at 11:10; it is 12:00 (NOW).
    const component = aComponent({ id: 'new', created_at: '2025-11-27T11:00:00.000Z' });
    const statusHistory = { new: history(['operational', '2025-11-27T11:00:00.000Z'], ['major_outage', '2025-11-27T11:10:00.000Z'], ['operational', '2025-11-27T11:11:00.000Z']) };

    // Act
    const uptime = componentGroups(siteData({ components: [component], statusHistory }))[0]!.components[0]!.uptime;

    // Assess: 59 of 60 minutes up, over 1 day; the 89 days before are no data.
    expect(uptime.percent).toBe('98.33%');
    expect(uptime.figure).toBe('98.33% uptime over 1 day');
    expect(uptime.shortFigure).toBe('98.33% over 1 day');
    expect(uptime.days.filter((d) => d.tone === 'nodata')).toHaveLength(89);
    expect(uptime.summary).toBe('98.33% uptime over 1 day, since 27 Nov 2025; no data for the 89 days before; 1 day with an outage or degradation.');
  });

  it('gives the phone its own figure, over the 30 days it shows', () => {
    const component = aComponent({ id: 'c', created_at: '2025-10-01T00:00:00.000Z' });
    // A whole day of major outage 40 days ago: in the 90 days, not in the last 30.
    const statusHistory = { c: history(['operational', '2025-10-01T00:00:00.000Z'], ['major_outage', '2025-10-18T00:00:00.000Z'], ['operational', '2025-10-19T00:00:00.000Z']) };

    const uptime = componentGroups(siteData({ components: [component], statusHistory }))[0]!.components[0]!.uptime;

    // 1 day down of the 57.5 observed (1 Oct to 27 Nov, 12:00), which touch 58 days.
    expect(uptime.figure).toBe('98.26% uptime over 58 days');
    expect(uptime.shortFigure).toBe('100% over 30 days');
  });
});

describe('the uptime legend', () => {
  it('is empty when every day of every bar is operational', () => {
    expect(buildIndexView(siteData({ components: [aComponent({ created_at: '2025-01-01T00:00:00.000Z' })] })).uptimeLegend).toEqual([]);
  });

  it('explains the colours the bars use, no data included, in a fixed order', () => {
    const components = [aComponent({ id: 'young', created_at: '2025-11-20T00:00:00.000Z' }), aComponent({ id: 'old' })];
    const statusHistory = { old: history(['operational', '2025-01-01T00:00:00.000Z'], ['major_outage', '2025-11-26T00:00:00.000Z'], ['operational', '2025-11-26T01:00:00.000Z']) };

    const legend = buildIndexView(siteData({ components, statusHistory })).uptimeLegend;

    expect(legend).toEqual([
      { tone: 'ok', label: 'Operational' },
      { tone: 'major', label: 'Major outage' },
      { tone: 'nodata', label: 'No data (before the component was added)' },
    ]);
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
    expect(view.status).toEqual({
      indicator: 'notice',
      description: 'Ongoing Incidents',
      incidents: { text: '2 open incidents: Investigating', href: '#open-incidents-heading' },
    });
  });

  it('reads maintenance when a window is in progress', () => {
    const view = buildIndexView(siteData({ components: [aComponent({ status: 'under_maintenance' })] }));

    expect(view.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance', incidents: null });
  });

  it('tells of a critical incident in monitoring by its status, not as an outage the components no longer show', () => {
    // Prepare: a SEV1 in monitoring; its component is back to operational.
    const data = siteData({
      components: [aComponent({ id: 'api', name: 'API' })],
      incidents: [anIncident({ severity: 'SEV1', status: 'monitoring', component_ids: ['api'] })],
    });

    // Act
    const view = buildIndexView(data);

    // Assess
    expect(view.status).toEqual({
      indicator: 'notice',
      description: 'All Components Operational',
      incidents: { text: '1 open incident: Monitoring', href: '#open-incidents-heading' },
    });
  });

  it('describes the components’ worst state, with the open incidents apart', () => {
    const data = siteData({
      components: [aComponent({ status: 'degraded_performance' }), aComponent()],
      incidents: [
        anIncident({ severity: 'SEV0', status: 'identified', startedAt: '2025-11-27T09:00:00.000Z' }),
        anIncident({ severity: 'SEV2', status: 'monitoring', startedAt: '2025-11-27T10:00:00.000Z' }),
      ],
    });

    const view = buildIndexView(data);

    expect(view.status).toEqual({
      indicator: 'minor',
      description: 'Partially Degraded Service',
      incidents: { text: '2 open incidents: Identified, Monitoring', href: '#open-incidents-heading' },
    });
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

describe('"Next update by" on an open incident', () => {
  it('shows the latest update\'s promise, as a time of day, on the index card and the incident page', () => {
    const incident = anIncident({ startedAt: '2025-11-27T10:00:00.000Z', next_update_at: '2025-11-27T10:30:00.000Z' });
    const data = siteData({ incidents: [incident] });

    const expected = { iso: '2025-11-27T10:30:00.000Z', label: '10:30 UTC' };
    expect(buildIndexView(data).openIncidents[0]!.nextUpdateBy).toEqual(expected);
    expect(buildIncidentView(data, incident.id)!.incident.nextUpdateBy).toEqual(expected);
  });

  it('shows nothing once resolved, without a promise, or for an incident stored before promises', () => {
    const resolved = anIncident({ startedAt: '2025-11-26T10:00:00.000Z', status: 'resolved', resolved_at: '2025-11-26T11:00:00.000Z', next_update_at: '2025-11-26T11:30:00.000Z' });
    const none = anIncident({ startedAt: '2025-11-25T10:00:00.000Z', next_update_at: null });
    const { next_update_at: _absent, ...legacy } = anIncident({ startedAt: '2025-11-24T10:00:00.000Z' });
    const data = siteData({ incidents: [resolved, none, legacy] });

    for (const id of [resolved.id, none.id, legacy.id]) expect(buildIncidentView(data, id)!.incident.nextUpdateBy, id).toBeNull();
  });
});

describe('buildHistoryView', () => {
  /** Incidents declared on these days (`2025-10-03`), one a day at 08:00 UTC. */
  const onDays = (...days: string[]) => days.map((day, i) => anIncident({ title: `On ${day}`, status: 'resolved', startedAt: `${day}T08:00:${String(i).padStart(2, '0')}.000Z` }));

  it('has a landing with no incident and no month when nothing has happened yet', () => {
    expect(buildHistoryView(siteData(), null)).toMatchObject({ month: null, monthLabel: null, href: '/history/', incidents: [], archive: [], newer: null, older: null });
    expect(buildHistoryView(siteData(), '2025-11')).toBeNull();
  });

  it('lists the 25 latest incidents on the landing and every month from the first to now, by year', () => {
    const incidents = Array.from({ length: 30 }, (_, i) =>
      anIncident({ title: `Incident ${i + 1}`, status: 'resolved', startedAt: new Date(Date.UTC(2024, 10, 20) + i * 86_400_000).toISOString() }),
    );

    const view = buildHistoryView(siteData({ incidents }), null);

    expect(view.incidents.map((i) => i.title)).toEqual(Array.from({ length: 25 }, (_, i) => `Incident ${30 - i}`));
    expect(view.archive.map((y) => [y.year, y.months.map((m) => m.shortLabel)])).toEqual([
      ['2025', ['Nov', 'Oct', 'Sep', 'Aug', 'Jul', 'Jun', 'May', 'Apr', 'Mar', 'Feb', 'Jan']],
      ['2024', ['Dec', 'Nov']],
    ]);
    expect(view.archive[1]!.months[1]).toEqual({ month: '2024-11', label: 'November 2024', shortLabel: 'Nov', href: '/history/2024-11/' });
  });

  it('lists every incident declared in a month (UTC), newest first, with the months either side', () => {
    const data = siteData({ incidents: onDays('2025-08-31', '2025-09-01', '2025-09-15', '2025-09-30', '2025-10-01') });

    const view = buildHistoryView(data, '2025-09')!;

    expect(view).toMatchObject({ month: '2025-09', monthLabel: 'September 2025', href: '/history/2025-09/', archive: [] });
    expect(view.incidents.map((i) => i.title)).toEqual(['On 2025-09-30', 'On 2025-09-15', 'On 2025-09-01']);
    expect(view.newer).toMatchObject({ month: '2025-10', label: 'October 2025', href: '/history/2025-10/' });
    expect(view.older).toMatchObject({ month: '2025-08', label: 'August 2025', href: '/history/2025-08/' });
  });

  it('stops the months at the first incident’s and the current one, and has pages for empty months between', () => {
    const data = siteData({ incidents: onDays('2025-08-31'), now: '2025-11-27T12:00:00.000Z' });

    expect(buildHistoryView(data, '2025-08')).toMatchObject({ newer: { month: '2025-09' }, older: null });
    expect(buildHistoryView(data, '2025-10')).toMatchObject({ incidents: [], newer: { month: '2025-11' }, older: { month: '2025-09' } });
    expect(buildHistoryView(data, '2025-11')).toMatchObject({ incidents: [], newer: null, older: { month: '2025-10' } });
    expect(buildHistoryView(data, '2025-07')).toBeNull();
    expect(buildHistoryView(data, '2025-12')).toBeNull();
    expect(buildHistoryView(data, '2025-13')).toBeNull();
    expect(buildHistoryView(data, 'nope')).toBeNull();
  });

  it('starts the months at firstDeclaredAt when the data is only some of the incidents', () => {
    const data = siteData({ incidents: onDays('2025-11-02'), firstDeclaredAt: '2023-12-31T23:59:59.000Z' });

    const view = buildHistoryView(data, null);

    expect(view.archive.map((y) => y.year)).toEqual(['2025', '2024', '2023']);
    expect(view.archive.at(-1)!.months.map((m) => m.month)).toEqual(['2023-12']);
    expect(buildHistoryView(data, '2023-12')).toMatchObject({ incidents: [], older: null, newer: { month: '2024-01' } });
  });
});

describe('buildIncidentView’s history link', () => {
  it('points at the month the incident was declared in', () => {
    const incident = anIncident({ startedAt: '2025-10-31T23:30:00.000Z' });

    expect(buildIncidentView(siteData({ incidents: [incident] }), incident.id)!.historyMonth).toMatchObject({ label: 'October 2025', href: '/history/2025-10/' });
  });
});
