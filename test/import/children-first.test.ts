// A batch's new incidents declared over an hour ago are written children first
// (adapters/dynamodb/import-repository.ts putChildrenFirst): the id claimed with the mapping in one
// transaction, the updates and history with BatchWriteItem, the incident last. These tests watch
// every write the store sends (a middleware on the real client, DynamoDB Local behind it): a reader
// looking before each write never finds an incident missing an update; an import interrupted before
// or after the children ends, once re-run, as an uninterrupted one; a re-run writes nothing; an id
// one import claimed is never given to another; a declaration's minute stays on transactions.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MiddlewareStack } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImportBatchResultSchema } from '#api/import-schemas';
import { incidentIdBase } from '#core/incident-id';
import type { IncidentWithUpdates } from '#core/model';
import { createTestApi, type TestApi } from '../support/api';

type Sent = { command: string; input: Record<string, unknown> };
/** Runs before each command the store sends; throwing fails that command as a crash would. */
let beforeSend: ((sent: Sent) => Promise<void> | void) | null = null;
const sent: Sent[] = [];

let api: TestApi;
let fresh: TestApi;
beforeAll(async () => {
  [api, fresh] = await Promise.all([createTestApi(), createTestApi()]);
  for (const t of [api, fresh]) t.setNow('2026-11-27T08:00:00.000Z');
  (api.table.doc.middlewareStack as MiddlewareStack<object, object>).add(
    (next, context) => async (args) => {
      const entry = { command: String((context as { commandName?: string }).commandName), input: (args as { input: Record<string, unknown> }).input };
      sent.push(entry);
      const hook = beforeSend;
      if (hook) await hook(entry);
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  for (const t of [api, fresh]) {
    expect((await results(t, 'component_group', [{ source_id: 'grp1', record: { name: 'Store', position: 1, created_at: at(0), updated_at: at(0) } }]))[0]!.status).toBe(200);
    expect((await results(t, 'component', [{ source_id: 'cmp1', record: { name: 'Checkout', group: 'grp1', status: 'operational', position: 1, created_at: at(0), updated_at: at(0) } }]))[0]!.status).toBe(200);
  }
});
afterEach(() => {
  beforeSend = null;
});
afterAll(() => Promise.all([api.drop(), fresh.drop()]));

const at = (minute: number) => new Date(Date.parse('2025-03-04T10:00:00Z') + minute * 60_000).toISOString();
const anIncident = (n: number, minute = n * 90, updates = 4) => ({
  title: `Incident ${n}`,
  severity: 'SEV2',
  created_at: at(minute),
  updated_at: at(minute + 60),
  started_at: at(minute),
  updates: Array.from({ length: updates }, (_, u) => ({
    id: `u${n}-${u}`,
    status: u === updates - 1 ? 'resolved' : (['investigating', 'identified', 'monitoring'] as const)[u % 3],
    message: `Step ${u} of ${n}.`,
    created_at: at(minute + u * 10),
    notify: true,
    components: u === 0 ? [{ component: 'cmp1', old_status: 'operational', new_status: 'major_outage' }] : u === updates - 1 ? [{ component: 'cmp1', old_status: 'major_outage', new_status: 'operational' }] : [],
  })),
});
type Records = Array<{ source_id: string; record: unknown }>;

async function results(t: TestApi, kind: string, records: Records) {
  const response = await t.request('PUT', `/v1/imports/${kind}/statuspage`, { records });
  expect(response.status).toBe(200);
  return ImportBatchResultSchema.parse(await response.json()).results;
}
const writes = () => sent.filter((s) => /^(TransactWriteItems|BatchWriteItem|PutItem|UpdateItem|DeleteItem)Command$/.test(s.command));
const batchWritten = (s: Sent) => Object.values((s.input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Record<string, unknown> } }>>).flat();
const writesIncidents = (s: Sent) => s.command === 'BatchWriteItemCommand' && batchWritten(s).some((r) => r.PutRequest?.Item.sk === 'META');
const writesUpdates = (s: Sent) => s.command === 'BatchWriteItemCommand' && batchWritten(s).some((r) => String(r.PutRequest?.Item.sk).startsWith('UPDATE#'));

async function claimOf(id: string) {
  const out = await api.table.doc.send(new QueryCommand({ TableName: api.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `IMPORT_CLAIM#incident#${id}` } }));
  return out.Items?.[0] ?? null;
}
/** Every incident as a reader finds it (listing, then each read whole). */
async function everyIncident(t: TestApi): Promise<IncidentWithUpdates[]> {
  const listed = await t.deps.store.incidents.list('all', 1000);
  return Promise.all(listed.map(async (i) => (await t.deps.store.incidents.get(i.id))!));
}
const whole = (i: IncidentWithUpdates) => i.updates.length === i.update_count && i.updates.every((u, n) => u.seq === n + 1);
/** Compared as a reader sees them, components by name (each table gave its component its own id). */
async function comparable(t: TestApi, incidents: IncidentWithUpdates[]): Promise<unknown> {
  const checkout = (await t.deps.store.components.list()).find((c) => c.name === 'Checkout')!.id;
  const sorted = incidents.map(({ version: _v, ...i }) => i).sort((a, b) => a.id.localeCompare(b.id));
  return JSON.parse(JSON.stringify(sorted).replaceAll(checkout, 'checkout')) as unknown;
}

describe('children-first incident imports', () => {
  it('claims, writes children then incidents with batch writes; a reader never finds one missing an update; the same batch again writes nothing', async () => {
    // Prepare: a reader looks before every write the import sends
    const records: Records = Array.from({ length: 40 }, (_, n) => ({ source_id: `inc${n}`, record: anIncident(n) }));
    let looks = 0;
    const seenHalf: string[] = [];
    beforeSend = async (s) => {
      if (!/Write|Put/.test(s.command)) return; // the reader's own reads pass
      looks++;
      for (const incident of await everyIncident(api)) if (!whole(incident)) seenHalf.push(incident.id);
    };
    sent.length = 0;
    // Act
    const first = await results(api, 'incident', records);
    beforeSend = null;
    const firstWrites = writes();
    sent.length = 0;
    const again = await results(api, 'incident', records);
    // Assess
    expect(first.map((r) => r.outcome?.result)).toEqual(records.map(() => 'created'));
    expect(seenHalf).toEqual([]);
    expect(looks).toBe(firstWrites.length);
    expect(firstWrites.some(writesUpdates)).toBe(true);
    expect(firstWrites.some(writesIncidents)).toBe(true);
    // The incidents go after every update and history entry.
    const lastChildren = firstWrites.map(writesUpdates).lastIndexOf(true);
    expect(firstWrites.findIndex(writesIncidents)).toBeGreaterThan(lastChildren);
    // 40 incidents: claims in 2 transactions, no transaction per incident.
    expect(firstWrites.filter((s) => s.command === 'TransactWriteItemsCommand')).toHaveLength(2);
    expect(await claimOf(first[0]!.outcome!.id)).toMatchObject({ system: 'statuspage', source_id: 'inc0' });
    expect(again.every((r) => r.outcome?.result === 'same')).toBe(true);
    expect(writes()).toEqual([]);
    const incidents = await everyIncident(api);
    expect(incidents.filter((i) => first.some((r) => r.outcome?.id === i.id)).every((i) => i.updates.length === 4 && i.status === 'resolved')).toBe(true);
    expect((await api.deps.store.imports.componentHistory((await api.deps.store.components.list())[0]!.id)).length).toBeGreaterThanOrEqual(80);
  });

  it.each([
    ['before the children', writesUpdates],
    ['after the children, before the incidents', writesIncidents],
  ])('an import interrupted %s ends, re-run, as one uninterrupted run', async (_when, failOn) => {
    // Prepare
    const base = 1000 + (failOn === writesUpdates ? 0 : 100);
    const records: Records = Array.from({ length: 12 }, (_, n) => ({ source_id: `cut${base + n}`, record: anIncident(base + n) }));
    let failed = 0;
    beforeSend = (s) => {
      if (failOn(s)) {
        failed++;
        throw new Error('the API process died here');
      }
    };
    // Act
    const cut = await api.request('PUT', '/v1/imports/incident/statuspage', { records });
    beforeSend = null;
    const resumed = await results(api, 'incident', records);
    const once = await results(fresh, 'incident', records);
    // Assess
    expect(failed).toBeGreaterThan(0);
    expect(cut.status).toBe(500);
    expect(resumed.map((r) => r.outcome?.result)).toEqual(records.map(() => 'created'));
    expect(resumed.map((r) => r.outcome?.id)).toEqual(once.map((r) => r.outcome?.id));
    const ids = new Set(once.map((r) => r.outcome!.id));
    const mine = async (t: TestApi) => (await everyIncident(t)).filter((i) => ids.has(i.id));
    expect(await comparable(api, await mine(api))).toEqual(await comparable(fresh, await mine(fresh)));
    expect((await mine(api)).every(whole)).toBe(true);
  });

  it('an interrupted import re-run with fewer updates in the source leaves none of the old ones behind', async () => {
    // Prepare: the first try dies after writing 5 updates of each incident
    const records = (updates: number): Records => [0, 1].map((n) => ({ source_id: `shrink${n}`, record: anIncident(1300 + n, undefined, updates) }));
    beforeSend = (s) => {
      if (writesIncidents(s)) throw new Error('the API process died here');
    };
    expect((await api.request('PUT', '/v1/imports/incident/statuspage', { records: records(5) })).status).toBe(500);
    beforeSend = null;
    // Act
    const resumed = await results(api, 'incident', records(3));
    // Assess
    for (const r of resumed) {
      const incident = (await api.deps.store.incidents.get(r.outcome!.id))!;
      expect(incident.updates.map((u) => u.seq)).toEqual([1, 2, 3]);
      expect(incident.update_count).toBe(3);
    }
  });

  it('never gives an id one import claimed to another record: the other takes the next suffix', async () => {
    // Prepare: 'first' claims the minute's id and dies before its incident is written
    beforeSend = (s) => {
      if (writesIncidents(s)) throw new Error('the API process died here');
    };
    expect((await api.request('PUT', '/v1/imports/incident/statuspage', { records: [{ source_id: 'first', record: { ...anIncident(1400, 9000), title: 'First' } }] })).status).toBe(500);
    beforeSend = null;
    // Act: another record of the same minute, then the first again
    const other = await results(api, 'incident', [{ source_id: 'other', record: { ...anIncident(1401, 9000), title: 'Other' } }]);
    const first = await results(api, 'incident', [{ source_id: 'first', record: { ...anIncident(1400, 9000), title: 'First' } }]);
    // Assess
    const base = incidentIdBase(at(9000));
    expect(other[0]!.outcome).toMatchObject({ result: 'created', id: `${base}-2` });
    expect(first[0]!.outcome).toMatchObject({ result: 'created', id: base });
    expect((await api.deps.store.incidents.get(base))!.title).toBe('First');
    expect((await api.deps.store.incidents.get(`${base}-2`))!.title).toBe('Other');
    expect([await api.deps.store.incidents.get(base), await api.deps.store.incidents.get(`${base}-2`)].every((i) => whole(i!))).toBe(true);
  });

  it('an incident of the last hour (a declaration may take its id) is written in one transaction and leaves a declared one alone', async () => {
    // Prepare: a responder declares an incident now; the source has one of the same minute
    api.setNow('2026-11-27T09:00:20.000Z');
    const declared = (await (await api.request('POST', '/v1/incidents', { title: 'Live one', severity: 'SEV1', message: 'Looking.' })).json()) as { id: string };
    const recent = { ...anIncident(1500), created_at: '2026-11-27T09:00:05.000Z', started_at: '2026-11-27T09:00:05.000Z', updated_at: '2026-11-27T09:00:30.000Z' };
    recent.updates = recent.updates.map((u, n) => ({ ...u, created_at: `2026-11-27T09:00:0${5 + n}.000Z` }));
    sent.length = 0;
    // Act
    const answer = await results(api, 'incident', [{ source_id: 'recent', record: recent }]);
    api.setNow('2026-11-27T08:00:00.000Z');
    // Assess
    expect(declared.id).toBe('INC-20261127-0900');
    expect(answer[0]!.outcome).toMatchObject({ result: 'created', id: 'INC-20261127-0900-2' });
    expect(writes().some((s) => s.command === 'BatchWriteItemCommand')).toBe(false);
    expect(await claimOf('INC-20261127-0900-2')).toBeNull();
    const live = (await api.deps.store.incidents.get(declared.id))!;
    expect(live.title).toBe('Live one');
    expect(live.updates).toHaveLength(1);
  });
});
