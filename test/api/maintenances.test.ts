import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentSchema, MaintenanceSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const statusOf = async (id: string) =>
  ComponentSchema.array().parse(await (await api.request('GET', '/v1/components')).json()).find((c) => c.id === id)?.status;

describe('/v1/maintenances', () => {
  it('schedules a window, starts it (components under maintenance) and completes it (components restored)', async () => {
    const db = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'Database' })).json());
    await api.request('PATCH', `/v1/components/${db.id}`, { status: 'degraded_performance' });
    const res = await api.request('POST', '/v1/maintenances', {
      title: 'Database upgrade',
      message: 'Upgrading to the next major version.',
      scheduled_for: '2026-12-01T02:00:00Z',
      scheduled_until: '2026-12-01T04:00:00Z',
      components: [db.id],
    });
    expect(res.status).toBe(201);
    const window = MaintenanceSchema.parse(await res.json());
    expect(window).toMatchObject({ status: 'scheduled', auto_transition: true, components: [db.id] });
    const upcoming = MaintenanceSchema.array().parse(await (await api.request('GET', '/v1/maintenances?state=upcoming')).json());
    expect(upcoming.map((m) => m.id)).toContain(window.id);

    const started = await api.request('POST', `/v1/maintenances/${window.id}/updates`, { status: 'in_progress', message: 'Started.' });
    expect(started.status).toBe(201);
    expect(await statusOf(db.id)).toBe('under_maintenance');
    const active = MaintenanceSchema.array().parse(await (await api.request('GET', '/v1/maintenances?state=active')).json());
    expect(active.map((m) => m.id)).toEqual([window.id]);

    await api.request('POST', `/v1/maintenances/${window.id}/updates`, { status: 'completed', message: 'Done.' });
    expect(await statusOf(db.id)).toBe('degraded_performance');
  });

  it('rejects a window that ends before it starts', async () => {
    const res = await api.request('POST', '/v1/maintenances', {
      title: 'Backwards', message: 'x', scheduled_for: '2026-12-01T04:00:00Z', scheduled_until: '2026-12-01T02:00:00Z', components: [],
    });
    expect(res.status).toBe(400);
  });

  it('refuses to move a completed window (409)', async () => {
    const window = MaintenanceSchema.parse(await (await api.request('POST', '/v1/maintenances', {
      title: 'Short', message: 'x', scheduled_for: '2026-12-02T04:00:00Z', scheduled_until: '2026-12-02T05:00:00Z', components: [],
    })).json());
    await api.request('POST', `/v1/maintenances/${window.id}/updates`, { status: 'completed', message: 'Cancelled.' });
    const res = await api.request('POST', `/v1/maintenances/${window.id}/updates`, { status: 'in_progress', message: 'x' });
    expect(res.status).toBe(409);
  });
});
