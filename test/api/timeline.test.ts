import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentSchema, IncidentSchema, TimelineSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

async function call(at: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  api.setNow(at);
  const res = await api.request(method, path, body, headers);
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json();
}

describe('GET /v1/incidents/{id}/timeline', () => {
  it('records every responder action with its actor and time, oldest first', async () => {
    const checkout = ComponentSchema.parse(await call('2026-11-27T09:00:00.000Z', 'POST', '/v1/components', { name: 'Checkout' }));
    const { id } = IncidentSchema.parse(
      await call('2026-11-27T09:05:00.000Z', 'POST', '/v1/incidents', {
        title: 'Checkout is failing', severity: 'SEV2', message: 'Payments fail.', components: { [checkout.id]: 'partial_outage' },
      }),
    );
    await call('2026-11-27T09:07:00.000Z', 'PATCH', `/v1/incidents/${id}`, { severity: 'SEV1', roles: { commander: 'alice', comms: 'bob' } });
    await call('2026-11-27T09:20:00.000Z', 'POST', `/v1/incidents/${id}/updates`, {
      status: 'identified', message: 'A bad deploy.', components: { [checkout.id]: 'major_outage' },
    });
    await call('2026-11-27T09:40:00.000Z', 'POST', `/v1/incidents/${id}/updates`, {
      status: 'resolved', message: 'Rolled back.', components: { [checkout.id]: 'operational' },
    });
    await call('2026-11-28T09:00:00.000Z', 'PUT', `/v1/incidents/${id}/postmortem`, { body: 'What happened…', published: true });

    const timeline = TimelineSchema.parse(await call('2026-11-28T10:00:00.000Z', 'GET', `/v1/incidents/${id}/timeline`));

    expect(timeline.incident_id).toBe(id);
    expect(timeline.events.map((e) => [e.at, e.kind, e.actor])).toEqual([
      ['2026-11-27T09:05:00.000Z', 'declared', 'test-responder'],
      ['2026-11-27T09:05:00.000Z', 'components_changed', 'test-responder'],
      ['2026-11-27T09:07:00.000Z', 'severity_changed', 'test-responder'],
      ['2026-11-27T09:07:00.000Z', 'role_assigned', 'test-responder'],
      ['2026-11-27T09:07:00.000Z', 'role_assigned', 'test-responder'],
      ['2026-11-27T09:20:00.000Z', 'update_posted', 'test-responder'],
      ['2026-11-27T09:20:00.000Z', 'components_changed', 'test-responder'],
      ['2026-11-27T09:40:00.000Z', 'update_posted', 'test-responder'],
      ['2026-11-27T09:40:00.000Z', 'components_changed', 'test-responder'],
      ['2026-11-28T09:00:00.000Z', 'postmortem_published', 'test-responder'],
      ['2026-11-28T09:00:00.000Z', 'update_posted', 'test-responder'],
    ]);
    expect(timeline.events[2]!.details).toEqual({ from: 'SEV2', to: 'SEV1', impact: 'critical' });
    expect(timeline.events[3]!.summary).toBe('Incident commander: alice');
    expect(timeline.events[6]!.summary).toBe('Components: Checkout partial_outage → major_outage');
  });

  it('keeps the timeline out of the incident as the page and its JSON read it', async () => {
    const { id } = IncidentSchema.parse(
      await call('2026-11-27T11:00:00.000Z', 'POST', '/v1/incidents', { title: 'Search is slow', severity: 'SEV3', message: 'Looking.' }),
    );
    await call('2026-11-27T11:01:00.000Z', 'PATCH', `/v1/incidents/${id}`, { roles: { scribe: 'carol' } });

    const { store } = api.deps;
    const [one, all, listed] = await Promise.all([store.incidents.get(id), store.incidents.all(), store.incidents.list('open', 100)]);
    for (const incident of [one, all.find((i) => i.id === id), listed.find((i) => i.id === id)]) {
      expect(incident!.updates.map((u) => u.id)).toEqual([`${id}-1`]);
      expect(JSON.stringify(incident)).not.toContain('role_assigned');
    }
    expect((await store.timeline.list(id)).map((e) => e.kind)).toEqual(['declared', 'role_assigned']);
  });

  it('records nothing when a PATCH changes nothing', async () => {
    const { id } = IncidentSchema.parse(
      await call('2026-11-27T12:00:00.000Z', 'POST', '/v1/incidents', { title: 'Same', severity: 'SEV2', message: 'x' }),
    );
    await call('2026-11-27T12:01:00.000Z', 'PATCH', `/v1/incidents/${id}`, { title: 'Same', severity: 'SEV2' });

    expect((await api.deps.store.timeline.list(id)).map((e) => e.kind)).toEqual(['declared']);
  });

  it('is 404 for an unknown incident and 401 without a key', async () => {
    expect((await api.request('GET', '/v1/incidents/INC-20000101-0000/timeline')).status).toBe(404);
    expect((await api.app.request('/v1/incidents/INC-20000101-0000/timeline')).status).toBe(401);
  });
});
