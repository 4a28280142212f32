import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeTooLargeError, MAX_COMPONENTS_PER_CHANGE } from '#core/change-limits';
import { NotFoundError } from '#core/errors';
import type { Incident, IncidentUpdate } from '#core/model';
import { declarationEvents } from '#core/timeline';
import { createTestApi, type TestApi } from '../../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const anIncident = (over: Partial<Incident> = {}): Incident => ({
  id: 'INC-20261127-0100',
  title: 'Half an incident?',
  severity: 'SEV2',
  impact: 'major',
  status: 'investigating',
  component_ids: ['gone'],
  roles: {},
  created_at: '2026-11-27T01:00:00.000Z',
  updated_at: '2026-11-27T01:00:00.000Z',
  started_at: '2026-11-27T01:00:00.000Z',
  identified_at: null,
  monitoring_at: null,
  resolved_at: null,
  last_update_at: '2026-11-27T01:00:00.000Z',
  update_count: 1,
  postmortem: null,
  declared_by: null,
  version: 1,
  ...over,
});

const anUpdate = (incident: Incident): IncidentUpdate => ({
  id: `${incident.id}-1`,
  incident_id: incident.id,
  seq: 1,
  status: 'investigating',
  message: 'x',
  component_changes: [],
  notify: true,
  created_at: incident.created_at,
  posted_by: null,
});

describe('incidentRepository', () => {
  it('writes nothing at all when one item of the change fails', async () => {
    const incident = anIncident();
    const write = { id: 'gone', status: 'major_outage' as const, at: incident.created_at, cause: 'x' };
    await expect(api.deps.store.incidents.create(incident, anUpdate(incident), [write])).rejects.toBeInstanceOf(NotFoundError);
    expect(await api.deps.store.incidents.get(incident.id)).toBeNull();
  });

  it('reports a taken id as exists', async () => {
    const incident = anIncident({ id: 'INC-20261127-0200', component_ids: [] });
    expect(await api.deps.store.incidents.create(incident, anUpdate(incident), [])).toBe('created');
    expect(await api.deps.store.incidents.create(incident, anUpdate(incident), [])).toBe('exists');
  });

  it('refuses an append at a stale version', async () => {
    const incident = anIncident({ id: 'INC-20261127-0300', component_ids: [] });
    await api.deps.store.incidents.create(incident, anUpdate(incident), []);
    const update = { ...anUpdate(incident), id: `${incident.id}-2`, seq: 2 };
    expect(await api.deps.store.incidents.append({ ...incident, version: 2, update_count: 2 }, 7, update, [])).toBe('stale');
    expect((await api.deps.store.incidents.get(incident.id))?.updates).toHaveLength(1);
  });

  it('stores the idempotent response in the same transaction as the change', async () => {
    const incident = anIncident({ id: 'INC-20261127-0400', component_ids: [] });
    const record = { scope: 'test', key: 'k1', fingerprint: 'f', status: 201, body: { id: incident.id }, expiresAt: Math.floor(api.clock.now() / 1000) + 60 };
    await api.deps.store.incidents.create(incident, anUpdate(incident), [], { idempotency: record });
    expect(await api.deps.store.idempotency.find('test', 'k1')).toMatchObject({ status: 201, body: { id: incident.id } });
  });

  it(`refuses a change of more than ${MAX_COMPONENTS_PER_CHANGE} components with ChangeTooLargeError (400), not DynamoDB's own error (500)`, async () => {
    const incident = anIncident({ id: 'INC-20261127-0500', component_ids: [] });
    const update = anUpdate(incident);
    const writes = Array.from({ length: MAX_COMPONENTS_PER_CHANGE + 1 }, (_, i) => ({
      id: `c${i}`, status: 'major_outage' as const, at: incident.created_at, cause: `${incident.id}#1`,
    }));
    const moved = { ...update, component_changes: writes.map((w) => ({ id: w.id, name: w.id, old_status: 'operational' as const, new_status: w.status })) };
    const record = { scope: 'test', key: 'k2', fingerprint: 'f', status: 201, body: {}, expiresAt: 4102444800 };
    const outcome = api.deps.store.incidents.create(incident, moved, writes, { idempotency: record, events: declarationEvents(incident, moved) });
    await expect(outcome).rejects.toBeInstanceOf(ChangeTooLargeError);
    expect(await api.deps.store.incidents.get(incident.id)).toBeNull();
  });
});
