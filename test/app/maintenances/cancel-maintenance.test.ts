// POST /v1/maintenances/{id}/cancel: a window that has not started is cancelled (a final completed
// update, cancelled_at set) and the scheduler never starts it; a started or completed one is 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaintenanceSchema } from '#api/schemas';
import { createWorkflowWorld, type WorkflowWorld } from '../workflow/world';

let world: WorkflowWorld;
beforeAll(async () => {
  world = await createWorkflowWorld();
});
afterAll(() => world.drop());

const AT = '2026-12-01T06:00:00.000Z';

async function aWindow(components: string[], from = '2026-12-01T10:00:00Z', until = '2026-12-01T11:00:00Z') {
  return MaintenanceSchema.parse(
    await world.call(AT, 'POST', '/v1/maintenances', { title: 'Database upgrade', message: 'Upgrading.', scheduled_for: from, scheduled_until: until, components }),
  );
}

async function cancel(id: string, at: string, body?: unknown) {
  world.api.setNow(at);
  return world.api.request('POST', `/v1/maintenances/${id}/cancel`, body);
}

describe('cancelling a maintenance window', () => {
  it('cancels a window that has not started, and the scheduler never starts it', async () => {
    const db = await world.component('Database C');
    const window = await aWindow([db]);

    const res = await cancel(window.id, '2026-12-01T07:00:00.000Z', { message: 'Postponed to next week.' });
    expect(res.status).toBe(201);
    const cancelled = MaintenanceSchema.parse(await res.json());
    expect(cancelled).toMatchObject({ status: 'completed', cancelled_at: '2026-12-01T07:00:00.000Z', completed_at: '2026-12-01T07:00:00.000Z', started_at: null, version: window.version + 1 });
    expect(cancelled.updates.at(-1)).toMatchObject({ status: 'completed', message: 'Postponed to next week.', notify: true });

    const sweep = await world.sweep('2026-12-01T10:00:00.000Z');
    expect(sweep.transitions.filter((t) => t.maintenance_id === window.id)).toEqual([]);
    await world.sweep('2026-12-01T11:00:00.000Z');
    expect(await world.componentStatus(db)).toBe('operational');
    expect(await world.maintenance(window.id)).toMatchObject({ status: 'completed', started_at: null, cancelled_at: '2026-12-01T07:00:00.000Z' });
  });

  it('takes no body, or an empty one, and then says so in a plain sentence', async () => {
    const db = await world.component('Database D');
    const first = await aWindow([db]);
    const second = await aWindow([db]);

    const bare = await cancel(first.id, '2026-12-01T07:00:00.000Z');
    expect(bare.status).toBe(201);
    expect(MaintenanceSchema.parse(await bare.json()).updates.at(-1)!.message).toBe('This maintenance has been cancelled.');
    const empty = await cancel(second.id, '2026-12-01T07:00:00.000Z', {});
    expect(empty.status).toBe(201);
  });

  it('refuses a started window, a completed one and a second cancel with 409 problem+json; an unknown id is 404', async () => {
    const db = await world.component('Database E');
    const started = await aWindow([db], '2026-12-02T10:00:00Z', '2026-12-02T11:00:00Z');
    await world.sweep('2026-12-02T10:00:00.000Z');
    expect((await world.maintenance(started.id)).status).toBe('in_progress');

    const refused = await cancel(started.id, '2026-12-02T10:05:00.000Z', { message: 'Too late.' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/has started \(in_progress\)/);
    const still = await world.maintenance(started.id);
    expect(still.status).toBe('in_progress');
    expect(still.cancelled_at ?? null).toBeNull();
    expect(await world.componentStatus(db)).toBe('under_maintenance');

    const other = await aWindow([db], '2026-12-05T10:00:00Z', '2026-12-05T11:00:00Z');
    expect((await cancel(other.id, '2026-12-02T10:06:00.000Z')).status).toBe(201);
    const again = await cancel(other.id, '2026-12-02T10:07:00.000Z');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');

    const unknown = await cancel('no-such-window', '2026-12-02T10:07:00.000Z');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await world.api.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/v1/maintenances/{id}/cancel'] ?? {})).toEqual(['post']);
  });
});
