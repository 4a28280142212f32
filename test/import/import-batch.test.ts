// PUT /v1/imports/{kind}/{system}: many records at once, each answered on its own, each written all
// or nothing; the same again changes nothing; a record whose packed write fails (an incident id
// taken by another of the same minute) is written on its own with the next free id.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportBatchResultSchema } from '#api/import-schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
  api.setNow('2026-11-27T08:00:00.000Z');
});
afterAll(() => api.drop());

const putMany = async (kind: string, records: Array<{ source_id: string; record: unknown }>, dryRun = false) => {
  const response = await api.request('PUT', `/v1/imports/${kind}/statuspage`, { records, ...(dryRun ? { dry_run: true } : {}) });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: JSON.parse(text) as unknown };
};
const results = async (kind: string, records: Array<{ source_id: string; record: unknown }>, dryRun = false) => {
  const answer = await putMany(kind, records, dryRun);
  expect(answer.status).toBe(200);
  return ImportBatchResultSchema.parse(answer.body).results;
};

const at = (minute: number) => new Date(Date.parse('2025-03-04T10:00:00Z') + minute * 60_000).toISOString();
const anIncident = (n: number, minute = n * 90) => ({
  title: `Incident ${n}`,
  severity: 'SEV3',
  created_at: at(minute),
  updated_at: at(minute + 30),
  started_at: at(minute),
  updates: [
    { id: `u${n}a`, status: 'investigating', message: `Looking at ${n}.`, created_at: at(minute), notify: true, components: [{ component: 'cmp1', old_status: 'operational', new_status: 'major_outage' }] },
    { id: `u${n}b`, status: 'resolved', message: 'Fixed.', created_at: at(minute + 30), notify: true, components: [{ component: 'cmp1', old_status: 'major_outage', new_status: 'operational' }] },
  ],
});

async function partition(pk: string) {
  const out = await api.table.doc.send(new QueryCommand({ TableName: api.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
  return out.Items ?? [];
}

describe('PUT /v1/imports/{kind}/{system}', () => {
  it('imports many records, each answered in order; the same batch again is all same and writes nothing', async () => {
    // Prepare
    const group = { name: 'Store', position: 1, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };
    const component = { name: 'Checkout', group: 'grp1', status: 'operational', position: 2, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };
    expect((await results('component_group', [{ source_id: 'grp1', record: group }]))[0]).toMatchObject({ status: 200, outcome: { result: 'created' } });
    expect((await results('component', [{ source_id: 'cmp1', record: component }]))[0]).toMatchObject({ status: 200, outcome: { result: 'created' } });
    const records = Array.from({ length: 30 }, (_, n) => ({ source_id: `inc${n}`, record: anIncident(n) }));
    // Act
    const first = await results('incident', records);
    const second = await results('incident', records);
    // Assess
    expect(first.map((r) => [r.source_id, r.status, r.outcome?.result])).toEqual(records.map((r) => [r.source_id, 200, 'created']));
    expect(second.every((r) => r.outcome?.result === 'same')).toBe(true);
    expect(second.map((r) => r.outcome?.id)).toEqual(first.map((r) => r.outcome?.id));
    const items = await partition(`INCIDENT#${first[7]!.outcome!.id}`);
    expect(items.filter((i) => String(i.sk).startsWith('UPDATE#'))).toHaveLength(2);
    const incident = (await (await api.request('GET', `/v1/incidents/${first[7]!.outcome!.id}`)).json()) as { status: string; updates: Array<{ component_changes: unknown[] }> };
    expect(incident.status).toBe('resolved');
    expect(incident.updates[0]!.component_changes).toEqual([expect.objectContaining({ name: 'Checkout', new_status: 'major_outage' })]);
  });

  it('answers each bad record with its own problem and writes the good ones', async () => {
    // Prepare
    const records = [
      { source_id: 'bad1', record: { ...anIncident(100), severity: 'SEV9' } },
      { source_id: 'ok1', record: anIncident(101) },
      { source_id: 'ok1', record: anIncident(102) },
      { source_id: 'bad2', record: { ...anIncident(103), updates: [] } },
    ];
    // Act
    const answer = await results('incident', records);
    // Assess
    expect(answer.map((r) => [r.source_id, r.status])).toEqual([['bad1', 400], ['ok1', 200], ['ok1', 400], ['bad2', 400]]);
    expect(answer[0]!.problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'record.severity' })] });
    expect(answer[2]!.problem!.detail).toMatch(/twice/);
    expect(answer[1]!.outcome).toMatchObject({ result: 'created' });
    const mapping = await partition('IMPORT#statuspage#incident#bad1');
    expect(mapping).toEqual([]);
  });

  it('gives incidents of one minute in one batch the next suffixes, each whole, and finds them again', async () => {
    // Prepare: three incidents declared in the same minute guess the same id
    const records = [0, 1, 2].map((n) => ({ source_id: `same${n}`, record: { ...anIncident(200 + n, 5000), title: `Same minute ${n}` } }));
    // Act
    const first = await results('incident', records);
    const again = await results('incident', records);
    // Assess
    const ids = first.map((r) => r.outcome?.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => id?.startsWith('INC-20250307-2120'))).toBe(true);
    expect(again.map((r) => [r.outcome?.result, r.outcome?.id])).toEqual(ids.map((id) => ['same', id]));
    for (const [n, id] of ids.entries()) {
      const incident = (await (await api.request('GET', `/v1/incidents/${id}`)).json()) as { title: string; updates: unknown[] };
      expect(incident.title).toBe(`Same minute ${n}`);
      expect(incident.updates).toHaveLength(2);
    }
  });

  it('a dry run answers per record and writes nothing', async () => {
    // Act
    const answer = await results('incident', [{ source_id: 'dry1', record: anIncident(300) }, { source_id: 'inc3', record: { ...anIncident(3), title: 'Renamed' } }], true);
    // Assess
    expect(answer.map((r) => r.outcome?.result)).toEqual(['created', 'updated']);
    expect(answer[1]!.outcome!.differences).toEqual([expect.objectContaining({ field: 'title', after: 'Renamed' })]);
    expect(await partition('IMPORT#statuspage#incident#dry1')).toEqual([]);
    const still = await results('incident', [{ source_id: 'inc3', record: anIncident(3) }]);
    expect(still[0]!.outcome!.result).toBe('same');
  });

  it('refuses a batch it cannot read with problem+json', async () => {
    // Act
    const tooMany = await putMany('incident', Array.from({ length: 101 }, (_, n) => ({ source_id: `x${n}`, record: {} })));
    const unknownKind = await putMany('postmortem', [{ source_id: 'x', record: {} }]);
    // Assess
    expect(tooMany.status).toBe(400);
    expect(tooMany.type).toContain('application/problem+json');
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.type).toContain('application/problem+json');
  });
});
