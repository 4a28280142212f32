// The streamed full rebuild (incidents read as they render, never all at once) writes exactly the
// files of renderSiteFiles(loadAllSiteData(…), 'all'), each once, in the upload order: real
// DynamoDB Local, incidents written straight into the table, the scan made to split every
// incident's items over several pages.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '#adapters/dynamodb/items';
import { keys } from '#adapters/dynamodb/keys';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { isOpenStatus } from '#core/incident-lifecycle';
import type { IncidentWithUpdates } from '#core/model';
import { loadAllSiteData } from '#publisher/load-site-data';
import type { PublisherDeps } from '#publisher/publish';
import { rebuildSiteStreamed } from '#publisher/rebuild-streamed';
import { renderSiteFiles, type SiteFile } from '#publisher/render/site-files';
import { NOW, aComponent, aLongHistory, aMaintenance, anIncident, anUpdate } from '../fixtures/site/builders.ts';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
let deps: PublisherDeps;
let expected: SiteFile[];

const resolvedIncident = (id: string, startedAt: string, updates: Array<[string, string]>, extra: Partial<IncidentWithUpdates> = {}) =>
  anIncident({
    id,
    startedAt,
    status: 'resolved',
    updates: updates.map(([at, message], i) =>
      anUpdate({ incident_id: id, seq: i + 1, status: i === updates.length - 1 ? 'resolved' : 'investigating', created_at: at, message }),
    ),
    ...extra,
  });

/** Incidents the rebuild could get wrong at the seams of its reading. */
const edgeCases = (goneComponent: string): IncidentWithUpdates[] => [
  // Either side of a month's end: each on its own month's page only.
  resolvedIncident('INC-20251031-2359', '2025-10-31T23:59:59.999Z', [['2025-10-31T23:59:59.999Z', 'Last moment of October.'], ['2025-11-01T00:30:00.000Z', 'Fixed in November.']]),
  resolvedIncident('INC-20251101-0000', '2025-11-01T00:00:00.000Z', [['2025-11-01T00:00:00.000Z', 'First moment of November.'], ['2025-11-01T01:00:00.000Z', 'Fixed.']]),
  // Declared in one month, updated over the next two: listed in its declaration month only.
  resolvedIncident('INC-20250830-1200', '2025-08-30T12:00:00.000Z', [
    ['2025-08-30T12:00:00.000Z', 'Started in August.'],
    ['2025-09-15T12:00:00.000Z', 'Still on it in September.'],
    ['2025-10-02T12:00:00.000Z', 'Resolved in October.'],
  ]),
  // Names a component deleted since, whose name only its updates recorded (no component_names):
  // its month page must show that name, as one rendered from the whole incident does.
  resolvedIncident(
    'INC-20250912-0800',
    '2025-09-12T08:00:00.000Z',
    [['2025-09-12T08:00:00.000Z', 'Legacy API down.'], ['2025-09-12T09:00:00.000Z', 'Back.']],
    { component_ids: [goneComponent] },
  ),
  // Old, but changed last of all (a postmortem published today): the JSON's page.updated_at.
  resolvedIncident('INC-20250105-1000', '2025-01-05T10:00:00.000Z', [['2025-01-05T10:00:00.000Z', 'Old.'], ['2025-01-05T11:00:00.000Z', 'Done.']], {
    updated_at: '2025-11-27T11:59:00.000Z',
    postmortem: { body: 'What **happened**.', published: true, published_at: '2025-11-27T11:59:00.000Z', updated_at: '2025-11-27T11:59:00.000Z' },
  }),
];

async function writeIncidents(incidents: IncidentWithUpdates[]): Promise<void> {
  const items = incidents.flatMap(({ updates, ...incident }) => [
    toItem('incident', { ...keys.incident(incident.id), ...keys.incidentsByState(isOpenStatus(incident.status) ? 'open' : 'resolved', incident.created_at, incident.id) }, incident),
    ...updates.map((u) => toItem('incident_update', keys.incidentUpdate(incident.id, u.seq), u)),
  ]);
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25);
    let requests: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests !== undefined && requests.length > 0) {
      const answer = await api.table.doc.send(new BatchWriteCommand({ RequestItems: { [api.tableName]: requests } }));
      requests = answer.UnprocessedItems?.[api.tableName] as Record<string, unknown>[] | undefined;
    }
  }
}

/** A bucket keeping every put, in order. */
function keeping() {
  const puts: SiteFile[] = [];
  return { puts, bucket: { put: async (file: SiteFile) => void puts.push(file) } };
}

beforeAll(async () => {
  api = await createTestApi();
  api.setNow(NOW);
  deps = { store: api.deps.store, config: api.deps.config, bucket: keeping().bucket, lock: dynamoPublishLock(api.table), now: api.deps.now };
  const components = [aComponent({ id: 'cmp-api', name: 'API' }), aComponent({ id: 'cmp-web', name: 'Website' })];
  for (const component of components) await api.deps.store.components.create(component);
  // The component's updates name it; it is not among the components any more.
  const gone = 'cmp-legacy';
  const history = aLongHistory(600, '2025-11-25T00:00:00.000Z').map((incident, n) => (n % 7 === 0 ? { ...incident, component_ids: ['cmp-api'] } : incident));
  const edges = edgeCases(gone);
  edges[3]!.updates[0]!.component_changes = [{ id: gone, name: 'Legacy API', old_status: 'operational', new_status: 'major_outage' }];
  await writeIncidents([...history, ...edges]);
  for (const window of [
    aMaintenance({ id: 'MNT-done', status: 'completed', scheduled_for: '2025-10-04T02:00:00.000Z', scheduled_until: '2025-10-04T03:00:00.000Z' }),
    aMaintenance({ id: 'MNT-next' }),
  ]) {
    const { updates, ...maintenance } = window;
    await api.deps.store.maintenances.create(maintenance, updates[0]!);
  }
  // A real declaration too (before the postmortem above): its partition also holds internal
  // timeline events.
  api.setNow('2025-11-27T11:00:00.000Z');
  await api.request('POST', '/v1/incidents', { title: 'Checkout is failing', severity: 'SEV2', message: 'Looking into it.' });
  api.setNow(NOW);
  expected = await renderSiteFiles(await loadAllSiteData(deps, NOW), 'all');
}, 120_000);

afterAll(async () => {
  await api?.drop();
});

/** Paths put, checked to be each put once; and the files by path. */
function written(puts: SiteFile[]): Map<string, SiteFile> {
  const paths = puts.map((f) => f.path);
  expect(paths.length - new Set(paths).size, 'files put twice').toBe(0);
  return new Map(puts.map((f) => [f.path, f]));
}

describe('a streamed full rebuild', () => {
  for (const [name, options] of [
    ['as the rebuild Lambda runs it', {}],
    ['with every incident split over scan pages, a low high-water mark and small batches', { batch: 7, scan: { pageItems: 3, highWater: 10 } }],
  ] as const) {
    it(`writes every file of a full render, byte for byte and header for header, each once: ${name}`, async () => {
      const { puts, bucket } = keeping();

      const result = await rebuildSiteStreamed({ ...deps, bucket }, options);

      const byPath = written(puts);
      expect([...byPath.keys()].sort()).toEqual(expected.map((f) => f.path).sort());
      for (const file of expected) expect(byPath.get(file.path), file.path).toEqual(file);
      expect(result).toEqual({ files: expected.length, full: true });
    });
  }

  it('puts in the upload order: assets, every incident page, every month page, then the rest with the index last', async () => {
    const { puts, bucket } = keeping();

    await rebuildSiteStreamed({ ...deps, bucket }, { batch: 50, scan: { pageItems: 5, highWater: 40 } });

    const order = puts.map((f) => f.path);
    const last = (match: (p: string) => boolean) => order.findLastIndex(match);
    const first = (match: (p: string) => boolean) => order.findIndex(match);
    const month = (p: string) => /^history\/\d{4}-\d{2}\//.test(p);
    expect(last((p) => p.startsWith('assets/'))).toBeLessThan(first((p) => !p.startsWith('assets/')));
    expect(last((p) => p.startsWith('incidents/'))).toBeLessThan(first(month));
    expect(last(month)).toBeLessThan(order.indexOf('history/index.html'));
    expect(last((p) => p.startsWith('api/'))).toBeLessThan(order.indexOf('index.html'));
    expect(order.indexOf('index.html')).toBe(last((p) => p.endsWith('.html')));
  });

  it('the month pages hold what pages rendered from the whole incidents hold at the seams', async () => {
    const page = (path: string) => expected.find((f) => f.path === path)!.body;
    // The reference itself shows the seams (so the comparison above covers them).
    expect(page('history/2025-10/index.html')).toContain('/incidents/INC-20251031-2359/');
    expect(page('history/2025-11/index.html')).not.toContain('/incidents/INC-20251031-2359/');
    expect(page('history/2025-11/index.html')).toContain('/incidents/INC-20251101-0000/');
    expect(page('history/2025-08/index.html')).toContain('/incidents/INC-20250830-1200/');
    expect(page('history/2025-09/index.html')).toContain('Legacy API');
    expect(page('api/v2/status.json')).toContain('"updated_at":"2025-11-27T11:59:00.000Z"');
  });
});

describe('incidents.allInBatches', () => {
  it('hands every incident once, whole, however the scan pages split them', async () => {
    const all = await api.deps.store.incidents.all();
    const byId = (list: IncidentWithUpdates[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

    for (const scan of [{ pageItems: 1, highWater: 1 }, { pageItems: 2, highWater: 7 }, {}]) {
      const streamed: IncidentWithUpdates[] = [];
      for await (const batch of api.deps.store.incidents.allInBatches(scan)) streamed.push(...batch);
      expect(streamed.length, JSON.stringify(scan)).toBe(all.length);
      expect(byId(streamed)).toEqual(byId(all));
    }
  });

  it('stops reading when the reader stops', async () => {
    let batches = 0;
    for await (const batch of api.deps.store.incidents.allInBatches({ pageItems: 4, highWater: 4 })) {
      batches += batch.length > 0 ? 1 : 0;
      break;
    }
    expect(batches).toBe(1);
  });
});
