import { describe, expect, it } from 'vitest';
import { pagesTouchedBy } from '#publisher/render/pages-touched';
import { aComponent, aMaintenance, anIncident, siteData } from '../../fixtures/site/builders.ts';

/** 60 incidents, one every 2 days from 1 Aug 2025 (to 27 Nov): #0, #20, #40 name the API. */
function sixtyIncidents() {
  return Array.from({ length: 60 }, (_, i) =>
    anIncident({ startedAt: new Date(Date.UTC(2025, 7, 1) + i * 2 * 86_400_000).toISOString(), status: 'resolved', component_ids: i % 20 === 0 ? ['api'] : [] }),
  );
}

describe('pagesTouchedBy', () => {
  const incidents = sixtyIncidents();
  const data = siteData({ incidents, components: [aComponent({ id: 'api' })] });
  const oldest = incidents[0]!; // 1 Aug
  const middle = incidents[30]!; // 30 Sep
  const newest = incidents[59]!; // 27 Nov

  it('touches the index and landing, the incident page, its month, the feeds and the JSON for an update', () => {
    expect(middle.created_at.slice(0, 10)).toBe('2025-09-30');
    expect(pagesTouchedBy({ kind: 'incident', id: middle.id }, data)).toEqual({
      index: true,
      incidentIds: [middle.id],
      historyPages: ['2025-09'],
      feeds: true,
      json: true,
      notFound: false,
    });
  });

  it('touches only the new incident’s own month, however many came before (no page shifts)', () => {
    expect(pagesTouchedBy({ kind: 'incident', id: newest.id }, data).historyPages).toEqual(['2025-11']);
    expect(pagesTouchedBy({ kind: 'incident', id: newest.id, created: true }, data).historyPages).toEqual(['2025-11']);
    expect(pagesTouchedBy({ kind: 'incident', id: oldest.id, created: true }, data).historyPages).toEqual(['2025-08']);
  });

  it('finds the month from the incident’s declaration in UTC, not its start', () => {
    const backdated = anIncident({ id: 'INC-X', created_at: '2025-12-01T00:10:00.000Z', started_at: '2025-11-30T23:00:00.000Z' });

    expect(pagesTouchedBy({ kind: 'incident', id: 'INC-X' }, siteData({ incidents: [backdated] })).historyPages).toEqual(['2025-12']);
  });

  it('needs only the changed incident in the data', () => {
    expect(pagesTouchedBy({ kind: 'incident', id: middle.id }, siteData({ incidents: [middle] })).historyPages).toEqual(['2025-09']);
  });

  it('touches no incident page or month for an incident it does not know', () => {
    expect(pagesTouchedBy({ kind: 'incident', id: 'INC-unknown' }, data)).toMatchObject({ index: true, incidentIds: [], historyPages: [], feeds: true, json: true });
  });

  it('touches only the index and the JSON for component status', () => {
    const expected = { index: true, incidentIds: [], historyPages: [], feeds: false, json: true, notFound: false };

    expect(pagesTouchedBy({ kind: 'component', id: 'api' }, data)).toEqual(expected);
  });

  it('touches the index, the JSON, the feeds, the calendar and the month it was scheduled to start in for maintenance', () => {
    const withWindow = { ...data, maintenances: [aMaintenance({ id: 'M1', status: 'completed', scheduled_for: '2025-10-04T02:00:00.000Z' })] };

    expect(pagesTouchedBy({ kind: 'maintenance', id: 'M1' }, withWindow)).toEqual({
      index: true,
      incidentIds: [],
      historyPages: ['2025-10'],
      feeds: true,
      json: true,
      notFound: false,
      calendar: true,
    });
  });

  it('touches the pages and months naming a renamed component', () => {
    const touched = pagesTouchedBy({ kind: 'component', id: 'api', renamed: true }, data);

    expect(touched.incidentIds.sort()).toEqual([incidents[0]!.id, incidents[20]!.id, incidents[40]!.id].sort());
    expect(touched.historyPages).toEqual(['2025-10', '2025-09', '2025-08']);
  });

  it('touches everything for a config change', () => {
    expect(pagesTouchedBy({ kind: 'config' }, data)).toMatchObject({ index: true, historyPages: 'all', feeds: true, json: true, notFound: true });
  });

  it('unites a batch of changes, months newest first and each once', () => {
    const touched = pagesTouchedBy(
      [
        { kind: 'incident', id: oldest.id },
        { kind: 'incident', id: middle.id, created: false },
        { kind: 'incident', id: incidents[29]!.id },
        { kind: 'maintenance', id: 'M1' },
      ],
      data,
    );

    expect(touched).toEqual({
      index: true,
      incidentIds: [oldest.id, middle.id, incidents[29]!.id],
      historyPages: ['2025-09', '2025-08'],
      feeds: true,
      json: true,
      notFound: false,
      calendar: true,
    });
  });

  it('keeps everything when one change of a batch touches everything', () => {
    expect(pagesTouchedBy([{ kind: 'incident', id: middle.id }, { kind: 'config' }], data).historyPages).toBe('all');
  });
});
