import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentSchema, IncidentSchema, MaintenanceSchema, MetricsSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

async function call(at: string, method: string, path: string, body?: unknown) {
  api.setNow(at);
  const res = await api.request(method, path, body);
  expect(res.status, `${method} ${path}: ${res.status}`).toBeLessThan(300);
  return res.json();
}

describe('GET /v1/metrics', () => {
  it('answers a fixture of incidents, a maintenance and an outage with known figures', async () => {
    // Prepare: one component since Nov 1; two SEV1s and a SEV2 in November, one SEV1 before it.
    const api1 = ComponentSchema.parse(await call('2026-11-01T00:00:00.000Z', 'POST', '/v1/components', { name: 'API' }));
    const declare = async (at: string, severity: string, over: Record<string, unknown> = {}) =>
      IncidentSchema.parse(await call(at, 'POST', '/v1/incidents', { title: `${severity} at ${at}`, severity, message: 'x', ...over })).id;
    const resolve = (at: string, id: string, over: Record<string, unknown> = {}) =>
      call(at, 'POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.', ...over });

    await resolve('2026-10-20T01:00:00.000Z', await declare('2026-10-20T00:00:00.000Z', 'SEV1'));
    // 10 min to first update, 70 min to resolve; API down for the hour 10:10–11:10.
    const a = await declare('2026-11-10T10:10:00.000Z', 'SEV1', { started_at: '2026-11-10T10:00:00Z', components: { [api1.id]: 'major_outage' } });
    await resolve('2026-11-10T11:10:00.000Z', a, { components: { [api1.id]: 'operational' } });
    // 20 min to first update, 50 min to resolve.
    await resolve('2026-11-12T10:50:00.000Z', await declare('2026-11-12T10:20:00.000Z', 'SEV1', { started_at: '2026-11-12T10:00:00Z' }));
    await declare('2026-11-14T00:00:00.000Z', 'SEV2'); // still open
    // 90 minutes of maintenance on API.
    const window = MaintenanceSchema.parse(
      await call('2026-11-15T00:00:00.000Z', 'POST', '/v1/maintenances', {
        title: 'Upgrade', message: 'x', scheduled_for: '2026-11-16T00:00:00Z', scheduled_until: '2026-11-16T02:00:00Z', components: [api1.id],
      }),
    );
    await call('2026-11-16T00:00:00.000Z', 'POST', `/v1/maintenances/${window.id}/updates`, { status: 'in_progress', message: 'Started.' });
    await call('2026-11-16T01:30:00.000Z', 'POST', `/v1/maintenances/${window.id}/updates`, { status: 'completed', message: 'Done.' });

    // Act
    const metrics = MetricsSchema.parse(await call('2026-12-15T00:00:00.000Z', 'GET', '/v1/metrics?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z'));

    // Assess
    expect(metrics.from).toBe('2026-11-01T00:00:00.000Z');
    expect(metrics.incidents).toEqual({ total: 3, by_severity: { SEV0: 0, SEV1: 2, SEV2: 1, SEV3: 0, SEV4: 0 } });
    expect(metrics.by_severity.SEV1).toEqual({
      incidents: 2,
      time_to_first_update: { count: 2, median_minutes: 15, p90_minutes: 19 },
      time_to_resolve: { count: 2, median_minutes: 60, p90_minutes: 68 },
      // Each declaration promised its next update by +30 min: resolved 60 min after one (broken),
      // 30 min after the other (kept, at the promised minute).
      promises_kept: { measured: 2, kept: 1, percentage: 50 },
    });
    expect(metrics.by_severity.SEV2.time_to_resolve.count).toBe(0);
    expect(metrics.maintenance).toEqual({ windows: 1, minutes: 90 });
    // 60 min down of 30 days (43,200 min).
    expect(metrics.components).toEqual([{ id: api1.id, name: 'API', incidents: 1, maintenance_minutes: 90, uptime_percentage: 99.861 }]);
  });

  it('rejects a window that ends before it starts', async () => {
    api.setNow('2026-12-15T00:00:00.000Z');
    const res = await api.request('GET', '/v1/metrics?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(res.status).toBe(400);
  });

  it('defaults to the last 30 days', async () => {
    const metrics = MetricsSchema.parse(await call('2026-12-15T00:00:00.000Z', 'GET', '/v1/metrics'));
    expect([metrics.from, metrics.to]).toEqual(['2026-11-15T00:00:00.000Z', '2026-12-15T00:00:00.000Z']);
  });
});
