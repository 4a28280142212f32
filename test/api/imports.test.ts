import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportOutcomeSchema } from '#api/import-schemas';
import { IncidentSchema } from '#api/schemas';
import { deriveChange } from '#channels/changes';
import { notifyingChange } from '#mailer/describe-change';
import { siteChangesOf } from '#publisher/site-changes';
import { remindIfOverdue } from '#app/workflow/overdue-reminders';
import type { IncidentWithUpdates } from '#core/model';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
  api.setNow('2026-11-27T08:00:00.000Z');
});
afterAll(() => api.drop());

const put = async (kind: string, sourceId: string, record: unknown, dryRun = false) => {
  const response = await api.request('PUT', `/v1/imports/${kind}/statuspage/${sourceId}`, { record, ...(dryRun ? { dry_run: true } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const aGroup = { name: 'Store', position: 1, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };
const aComponent = { name: 'Checkout', group: 'grp1', status: 'operational', position: 2, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-06-01T00:00:00Z' };
const anIncident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Checkout is failing',
  severity: 'SEV2',
  created_at: '2025-03-04T10:05:00Z',
  updated_at: '2025-03-04T11:30:00Z',
  started_at: '2025-03-04T10:00:00Z',
  updates: [
    { id: 'u1', status: 'investigating', message: 'Looking.', created_at: '2025-03-04T10:05:00Z', notify: true, components: [{ component: 'cmp1', old_status: 'operational', new_status: 'major_outage' }] },
    { id: 'u2', status: 'identified', message: 'Found it.', created_at: '2025-03-04T10:40:00Z', notify: true, components: [] },
    { id: 'u3', status: 'resolved', message: 'Fixed.', created_at: '2025-03-04T11:30:00Z', notify: true, components: [{ component: 'cmp1', old_status: 'major_outage', new_status: 'operational' }] },
  ],
  postmortem: { body: 'What happened.', published: true, published_at: '2025-03-06T09:00:00Z', updated_at: '2025-03-06T09:00:00Z' },
  ...overrides,
});

async function rawItems(pk: string) {
  const out = await api.table.doc.send(new QueryCommand({ TableName: api.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
  return out.Items ?? [];
}

const insertRecord = (item: Record<string, unknown>, n: number): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never, SequenceNumber: String(n) },
});

describe('PUT /v1/imports/{kind}/{system}/{source_id}', () => {
  it('writes an incident as it was: original times, every update, derived status, postmortem', async () => {
    // Prepare
    expect((await put('component_group', 'grp1', aGroup)).body).toMatchObject({ result: 'created' });
    expect((await put('component', 'cmp1', aComponent)).body).toMatchObject({ result: 'created' });
    // Act
    const created = ImportOutcomeSchema.parse((await put('incident', 'inc1', anIncident())).body);
    // Assess
    expect(created).toMatchObject({ result: 'created', id: 'INC-20250304-1005', warnings: [] });
    const incident = IncidentSchema.parse(await (await api.request('GET', `/v1/incidents/${created.id}`)).json());
    expect(incident).toMatchObject({
      status: 'resolved',
      severity: 'SEV2',
      created_at: '2025-03-04T10:05:00.000Z',
      started_at: '2025-03-04T10:00:00.000Z',
      identified_at: '2025-03-04T10:40:00.000Z',
      resolved_at: '2025-03-04T11:30:00.000Z',
    });
    expect(incident.updates.map((u) => [u.status, u.created_at])).toEqual([
      ['investigating', '2025-03-04T10:05:00.000Z'],
      ['identified', '2025-03-04T10:40:00.000Z'],
      ['resolved', '2025-03-04T11:30:00.000Z'],
    ]);
    expect(incident.updates[0]!.component_changes).toEqual([expect.objectContaining({ name: 'Checkout', old_status: 'operational', new_status: 'major_outage' })]);
    expect(incident.postmortem).toMatchObject({ published: true, published_at: '2025-03-06T09:00:00.000Z' });
  });

  it('changes nothing the second time, and says what differs when the source changed', async () => {
    expect((await put('incident', 'inc1', anIncident())).body).toMatchObject({ result: 'same', id: 'INC-20250304-1005' });
    const dry = ImportOutcomeSchema.parse((await put('incident', 'inc1', anIncident({ title: 'Checkout was failing' }), true)).body);
    expect(dry).toMatchObject({ result: 'updated', dry_run: true, differences: [{ field: 'title', before: 'Checkout is failing', after: 'Checkout was failing' }] });
    expect((await put('incident', 'inc1', anIncident())).body).toMatchObject({ result: 'same' });
    const updated = ImportOutcomeSchema.parse((await put('incident', 'inc1', anIncident({ title: 'Checkout was failing' }))).body);
    expect(updated).toMatchObject({ result: 'updated', id: 'INC-20250304-1005' });
    const list = (await (await api.request('GET', '/v1/incidents?state=all')).json()) as Array<{ id: string }>;
    expect(list.filter((i) => i.id.startsWith('INC-20250304-1005'))).toHaveLength(1);
  });

  it('gives a second incident of the same minute the next suffix, and finds each again by its source id', async () => {
    const sameMinute = (id: string) => anIncident({ created_at: '2025-08-01T00:00:30Z', updates: [{ id, status: 'resolved', message: 'Done.', created_at: '2025-08-01T00:00:30Z' }], postmortem: null });
    const first = ImportOutcomeSchema.parse((await put('incident', 'same-a', sameMinute('a1'))).body);
    const second = ImportOutcomeSchema.parse((await put('incident', 'same-b', sameMinute('b1'))).body);
    expect([first.id, second.id]).toEqual(['INC-20250801-0000', 'INC-20250801-0000-2']);
    expect((await put('incident', 'same-b', sameMinute('b1'))).body).toMatchObject({ result: 'same', id: 'INC-20250801-0000-2' });
    const a = (await api.deps.store.incidents.get('INC-20250801-0000'))!;
    expect(a.updates.map((u) => u.source?.id)).toEqual(['a1']);
  });

  it('a dry run of a new record writes nothing', async () => {
    const dry = ImportOutcomeSchema.parse((await put('incident', 'inc-dry', anIncident({ created_at: '2025-05-01T00:00:00Z' }), true)).body);
    expect(dry).toMatchObject({ result: 'created', dry_run: true });
    expect((await api.request('GET', `/v1/incidents/${dry.id}`)).status).toBe(404);
  });

  it('leaves out a change of a component never imported, and says so', async () => {
    const record = anIncident({ created_at: '2025-04-01T00:00:00Z', updates: [{ id: 'x1', status: 'resolved', message: 'Done.', created_at: '2025-04-01T00:00:00Z', components: [{ component: 'ghost', old_status: 'operational', new_status: 'partial_outage' }] }] });
    const outcome = ImportOutcomeSchema.parse((await put('incident', 'inc2', record)).body);
    expect(outcome.warnings).toEqual(['update x1: component ghost was not imported; its change is left out']);
  });

  it('refuses a bad record with the fields named, and a component whose group was not imported', async () => {
    const bad = await put('incident', 'inc3', anIncident({ severity: 'SEV9', updates: [] }));
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['record.severity', 'record.updates']);
    const orphan = await put('component', 'cmp9', { ...aComponent, group: 'nope' });
    expect(orphan.status).toBe(400);
  });

  it('needs the admin scope', async () => {
    const narrow = await api.request('POST', '/v1/api-keys', { name: 'narrow', scopes: ['incidents', 'read'] });
    const { key } = (await narrow.json()) as { key: string };
    const response = await api.app.request('/v1/imports/finish', { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(403);
  });
});

describe('imported history notifies nobody', () => {
  it('the mailer, the channels and the per-change publish skip its stream records; the finish asks for one full rebuild', async () => {
    const items = await rawItems('INCIDENT#INC-20250304-1005');
    const update = items.find((i) => String(i.sk).startsWith('UPDATE#'))!;
    const meta = items.find((i) => i.sk === 'META')!;
    expect(update.notify).toBe(true); // kept as the source had it
    expect(notifyingChange('incident_update', update)).toBeNull();
    const store = api.deps.store;
    const rec = { eventName: 'INSERT' as const, type: 'incident_update', newItem: update, sequenceNumber: '1' };
    expect(await deriveChange(store, rec, () => store.components.list())).toBeNull();
    const history = (await rawItems(`COMPONENT_STATUS#${(meta.component_ids as string[])[0]}`)).filter((i) => String(i.sk).includes('INC-'));
    expect(history.length).toBeGreaterThan(0);
    expect(siteChangesOf([update, meta, ...history].map(insertRecord))).toEqual([]);

    const finished = await api.request('POST', '/v1/imports/finish');
    expect(finished.status).toBe(202);
    const requests = await rawItems('SITE_REBUILD');
    expect(requests).toHaveLength(1);
    expect(siteChangesOf(requests.map(insertRecord))).toEqual([{ kind: 'config' }]);
  });

  it('a live update after the import is published, mailed and delivered as usual', async () => {
    await api.request('POST', '/v1/incidents/INC-20250304-1005/updates', { status: 'resolved', message: 'Addendum.', notify: true });
    const items = await rawItems('INCIDENT#INC-20250304-1005');
    const meta = items.find((i) => i.sk === 'META')!;
    const live = items.filter((i) => String(i.sk).startsWith('UPDATE#')).at(-1)!;
    expect(notifyingChange('incident_update', live)).not.toBeNull();
    expect(siteChangesOf([insertRecord(meta, 1)])).toEqual([{ kind: 'incident', id: 'INC-20250304-1005' }]);
  });

  it('an imported open incident that looks overdue reminds nobody', async () => {
    const open = anIncident({ created_at: '2025-07-01T00:00:00Z', updates: [{ id: 'o1', status: 'investigating', message: 'Looking.', created_at: '2025-07-01T00:00:00Z' }], postmortem: null });
    const { body } = await put('incident', 'open1', open);
    const incident = (await api.deps.store.incidents.get(String(body.id))) as IncidentWithUpdates;
    const deps = { ...api.deps, responderMail: undefined };
    expect(await remindIfOverdue(deps as never, incident, '2026-11-27T08:00:00.000Z', 'test')).toBeNull();
  });
});
