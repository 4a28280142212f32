import { describe, expect, it } from 'vitest';
import { pagesTouchedBy } from '#publisher/render/pages-touched';
import { aComponent, anIncident, siteData } from '../../fixtures/site/builders.ts';

/** 60 incidents, one an hour: the newest first, so INC #59 is on page 1 and #0 on page 3. */
function sixtyIncidents() {
  return Array.from({ length: 60 }, (_, i) =>
    anIncident({ startedAt: new Date(Date.UTC(2025, 9, 1) + i * 3_600_000).toISOString(), status: 'resolved', component_ids: i % 20 === 0 ? ['api'] : [] }),
  );
}

describe('pagesTouchedBy', () => {
  const incidents = sixtyIncidents();
  const data = siteData({ incidents, components: [aComponent({ id: 'api' })] });
  const oldest = incidents[0]!.id;
  const middle = incidents[30]!.id;
  const newest = incidents[59]!.id;

  it('touches the index, the incident page, its history page, the feeds and the JSON for an update', () => {
    expect(pagesTouchedBy({ kind: 'incident', id: middle, created: false }, data)).toEqual({
      index: true,
      incidentIds: [middle],
      historyPages: [2],
      feeds: true,
      json: true,
      notFound: false,
    });
  });

  it('touches every history page when a new incident lands on page 1, since every page shifts', () => {
    expect(pagesTouchedBy({ kind: 'incident', id: newest }, data).historyPages).toBe('all');
  });

  it('touches the pages from a backdated new incident’s page on', () => {
    expect(pagesTouchedBy({ kind: 'incident', id: oldest, created: true }, data).historyPages).toEqual([3]);
    expect(pagesTouchedBy({ kind: 'incident', id: middle, created: true }, data).historyPages).toEqual([2, 3]);
  });

  it('touches only the index and the JSON for maintenance and component status', () => {
    const expected = { index: true, incidentIds: [], historyPages: [], feeds: false, json: true, notFound: false };

    expect(pagesTouchedBy({ kind: 'maintenance', id: 'M1' }, data)).toEqual(expected);
    expect(pagesTouchedBy({ kind: 'component', id: 'api' }, data)).toEqual(expected);
  });

  it('touches the pages naming a renamed component', () => {
    const touched = pagesTouchedBy({ kind: 'component', id: 'api', renamed: true }, data);

    expect(touched.incidentIds.sort()).toEqual([incidents[0]!.id, incidents[20]!.id, incidents[40]!.id].sort());
    expect(touched.historyPages).toEqual([1, 2, 3]);
  });

  it('touches everything for a config change', () => {
    expect(pagesTouchedBy({ kind: 'config' }, data)).toMatchObject({ index: true, historyPages: 'all', feeds: true, json: true, notFound: true });
  });

  it('unites a batch of changes', () => {
    const touched = pagesTouchedBy(
      [
        { kind: 'incident', id: middle, created: false },
        { kind: 'incident', id: oldest, created: false },
        { kind: 'maintenance', id: 'M1' },
      ],
      data,
    );

    expect(touched).toEqual({ index: true, incidentIds: [middle, oldest], historyPages: [2, 3], feeds: true, json: true, notFound: false });
  });
});
