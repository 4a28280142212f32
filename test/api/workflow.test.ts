import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema, IncidentWithCadenceSchema, MaintenanceSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

async function call(at: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  api.setNow(at);
  return api.request(method, path, body, headers);
}

describe('GET /v1/incidents?state=open: update cadence', () => {
  it('says when the next public update is due, and since when it is overdue', async () => {
    const declared = IncidentSchema.parse(
      await (await call('2026-11-27T09:00:00.000Z', 'POST', '/v1/incidents', { title: 'Checkout is failing', severity: 'SEV1', message: 'x' })).json(),
    );
    const milestones = IncidentSchema.parse(
      await (await call('2026-11-27T09:00:00.000Z', 'POST', '/v1/incidents', { title: 'Minor glitch', severity: 'SEV3', message: 'x' })).json(),
    );
    const open = async (at: string) =>
      IncidentWithCadenceSchema.array().parse(await (await call(at, 'GET', '/v1/incidents?state=open')).json());

    const early = (await open('2026-11-27T09:29:00.000Z')).find((i) => i.id === declared.id)!;
    expect(early).toMatchObject({ next_update_due_at: '2026-11-27T09:30:00.000Z', overdue: false, overdue_since: null });

    const late = await open('2026-11-27T09:45:00.000Z');
    expect(late.find((i) => i.id === declared.id)).toMatchObject({ overdue: true, overdue_since: '2026-11-27T09:30:00.000Z' });
    expect(late.find((i) => i.id === milestones.id)).toMatchObject({ next_update_due_at: null, overdue: false, overdue_since: null });

    await call('2026-11-27T09:50:00.000Z', 'POST', `/v1/incidents/${declared.id}/updates`, { status: 'identified', message: 'Found it.' });
    const after = IncidentWithCadenceSchema.parse(await (await call('2026-11-27T09:55:00.000Z', 'GET', `/v1/incidents/${declared.id}`)).json());
    expect(after).toMatchObject({ next_update_due_at: '2026-11-27T10:20:00.000Z', overdue: false });
  });
});

describe('started_at: when the impact began', () => {
  it('may be set before the declaration, on declaring or later, but not in the future', async () => {
    const res = await call('2026-11-28T09:00:00.000Z', 'POST', '/v1/incidents', {
      title: 'Late detection', severity: 'SEV2', message: 'x', started_at: '2026-11-28T08:40:00+00:00',
    });
    const incident = IncidentSchema.parse(await res.json());
    expect(incident).toMatchObject({ id: 'INC-20261128-0900', started_at: '2026-11-28T08:40:00.000Z', created_at: '2026-11-28T09:00:00.000Z' });

    const edited = await call('2026-11-28T09:10:00.000Z', 'PATCH', `/v1/incidents/${incident.id}`, { started_at: '2026-11-28T08:30:00Z' });
    expect(IncidentSchema.parse(await edited.json()).started_at).toBe('2026-11-28T08:30:00.000Z');

    const future = await call('2026-11-28T09:10:00.000Z', 'PATCH', `/v1/incidents/${incident.id}`, { started_at: '2026-11-28T10:00:00Z' });
    expect(future.status).toBe(400);
  });
});

describe('PATCH /v1/maintenances/{id}', () => {
  const aWindow = async () =>
    MaintenanceSchema.parse(
      await (
        await call('2026-12-01T00:00:00.000Z', 'POST', '/v1/maintenances', {
          title: 'Upgrade', message: 'x', scheduled_for: '2026-12-05T10:00:00Z', scheduled_until: '2026-12-05T11:00:00Z', components: [],
        })
      ).json(),
    );

  it('changes a scheduled window, at the version given in If-Match', async () => {
    const window = await aWindow();
    const res = await call('2026-12-01T01:00:00.000Z', 'PATCH', `/v1/maintenances/${window.id}`, { title: 'Bigger upgrade', scheduled_until: '2026-12-05T12:00:00+00:00' }, { 'if-match': '1' });
    expect(res.status).toBe(200);
    expect(MaintenanceSchema.parse(await res.json())).toMatchObject({ title: 'Bigger upgrade', scheduled_until: '2026-12-05T12:00:00.000Z', version: 2, updates: [expect.anything()] });

    expect((await call('2026-12-01T01:00:00.000Z', 'PATCH', `/v1/maintenances/${window.id}`, { title: 'x' }, { 'if-match': '1' })).status).toBe(412);
  });

  it('rejects a window that would end before it starts, and a completed one', async () => {
    const window = await aWindow();
    expect((await call('2026-12-01T01:00:00.000Z', 'PATCH', `/v1/maintenances/${window.id}`, { scheduled_until: '2026-12-05T09:00:00Z' })).status).toBe(400);
    await call('2026-12-01T02:00:00.000Z', 'POST', `/v1/maintenances/${window.id}/updates`, { status: 'completed', message: 'Cancelled.' });
    expect((await call('2026-12-01T03:00:00.000Z', 'PATCH', `/v1/maintenances/${window.id}`, { title: 'x' })).status).toBe(409);
  });

  it('keeps the start and the components of a window in progress', async () => {
    const window = await aWindow();
    await call('2026-12-05T10:00:00.000Z', 'POST', `/v1/maintenances/${window.id}/updates`, { status: 'in_progress', message: 'Started.' });
    expect((await call('2026-12-05T10:10:00.000Z', 'PATCH', `/v1/maintenances/${window.id}`, { scheduled_for: '2026-12-05T10:30:00Z' })).status).toBe(409);
    expect((await call('2026-12-05T10:10:00.000Z', 'PATCH', `/v1/maintenances/${window.id}`, { scheduled_until: '2026-12-05T12:00:00Z' })).status).toBe(200);
  });

  it('is in the OpenAPI document with the other new routes', async () => {
    const doc = (await (await api.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/v1/maintenances/{id}'] ?? {})).toContain('patch');
    for (const path of ['/v1/incidents/{id}/timeline', '/v1/incidents/{id}/postmortem/draft', '/v1/postmortems', '/v1/metrics']) {
      expect(Object.keys(doc.paths[path] ?? {}), path).toContain('get');
    }
  });
});
