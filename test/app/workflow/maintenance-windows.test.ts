import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaintenanceSchema } from '#api/schemas';
import { MAX_COMPONENTS_PER_CHANGE } from '#core/change-limits';
import { createWorkflowWorld, type WorkflowWorld } from './world';

let world: WorkflowWorld;
beforeAll(async () => {
  world = await createWorkflowWorld();
});
afterAll(() => world.drop());

const SCHEDULED_AT = '2026-12-01T06:00:00.000Z';

async function aWindow(
  w: WorkflowWorld,
  over: { from: string; until: string; components: string[]; auto_transition?: boolean; at?: string },
) {
  const body = {
    title: 'Database upgrade',
    message: 'Upgrading the primary database.',
    scheduled_for: over.from,
    scheduled_until: over.until,
    components: over.components,
    ...(over.auto_transition === undefined ? {} : { auto_transition: over.auto_transition }),
  };
  return MaintenanceSchema.parse(await w.call(over.at ?? SCHEDULED_AT, 'POST', '/v1/maintenances', body));
}

const statuses = (m: { updates: Array<{ status: string }> }) => m.updates.map((u) => u.status);

describe('runScheduledWork: maintenance windows', () => {
  it('starts a window at scheduled_for and completes it at scheduled_until; its components follow and come back', async () => {
    const db = await world.component('Database A');
    await world.call(SCHEDULED_AT, 'PATCH', `/v1/components/${db}`, { status: 'degraded_performance' });
    const window = await aWindow(world, { from: '2026-12-01T10:00:00Z', until: '2026-12-01T11:00:00Z', components: [db] });

    await world.sweep('2026-12-01T09:59:59.999Z'); // within the hour before: the reminder
    expect((await world.maintenance(window.id)).status).toBe('scheduled');

    const started = await world.sweep('2026-12-01T10:00:00.000Z');
    expect(started.transitions).toContainEqual({ maintenance_id: window.id, from: 'scheduled', to: 'in_progress' });
    expect(await world.componentStatus(db)).toBe('under_maintenance');
    await world.sweep('2026-12-01T10:00:05.000Z');
    await world.sweep('2026-12-01T10:30:00.000Z');

    await world.sweep('2026-12-01T11:00:00.000Z');
    const done = await world.maintenance(window.id);
    expect(statuses(done)).toEqual(['scheduled', 'scheduled', 'in_progress', 'completed']);
    expect(done.updates.slice(2)).toEqual([
      expect.objectContaining({ posted_by: 'herald', notify: true, message: 'Scheduled maintenance is now in progress. We will provide updates as necessary.' }),
      expect.objectContaining({ posted_by: 'herald', notify: true, message: 'The scheduled maintenance has been completed.' }),
    ]);
    expect(done).toMatchObject({ started_at: '2026-12-01T10:00:00.000Z', completed_at: '2026-12-01T11:00:00.000Z' });
    expect(await world.componentStatus(db)).toBe('degraded_performance');
  });

  it('runs overlapping windows on one component: it stays under maintenance until the last one ends', async () => {
    const db = await world.component('Database B');
    await world.call(SCHEDULED_AT, 'PATCH', `/v1/components/${db}`, { status: 'degraded_performance' });
    const first = await aWindow(world, { from: '2026-12-02T10:00:00Z', until: '2026-12-02T11:00:00Z', components: [db] });
    const second = await aWindow(world, { from: '2026-12-02T10:30:00Z', until: '2026-12-02T12:00:00Z', components: [db] });

    await world.sweep('2026-12-02T10:00:00Z');
    await world.sweep('2026-12-02T10:30:00Z');
    expect([(await world.maintenance(first.id)).status, (await world.maintenance(second.id)).status]).toEqual(['in_progress', 'in_progress']);

    await world.sweep('2026-12-02T11:00:00Z');
    expect((await world.maintenance(first.id)).status).toBe('completed');
    expect(await world.componentStatus(db)).toBe('under_maintenance');

    await world.sweep('2026-12-02T12:00:00Z');
    expect((await world.maintenance(second.id)).status).toBe('completed');
    expect(await world.componentStatus(db)).toBe('degraded_performance');
  });

  it('never starts a window cancelled before its start', async () => {
    const db = await world.component('Database C');
    const window = await aWindow(world, { from: '2026-12-03T10:00:00Z', until: '2026-12-03T11:00:00Z', components: [db] });
    await world.call('2026-12-03T09:00:00Z', 'POST', `/v1/maintenances/${window.id}/updates`, { status: 'completed', message: 'Cancelled.' });

    const report = await world.sweep('2026-12-03T10:00:00Z');
    await world.sweep('2026-12-03T11:00:00Z');

    expect(report.transitions.filter((t) => t.maintenance_id === window.id)).toEqual([]);
    expect(statuses(await world.maintenance(window.id))).toEqual(['scheduled', 'completed']);
    expect(await world.componentStatus(db)).toBe('operational');
  });

  it('follows an edit made before the start: the new times, the new components', async () => {
    const [db, cache] = [await world.component('Database D'), await world.component('Cache D')];
    const window = await aWindow(world, { from: '2026-12-04T10:00:00Z', until: '2026-12-04T11:00:00Z', components: [db] });
    await world.call('2026-12-04T08:00:00Z', 'PATCH', `/v1/maintenances/${window.id}`, {
      scheduled_for: '2026-12-04T14:00:00Z',
      scheduled_until: '2026-12-04T15:00:00Z',
      components: [cache],
    });

    await world.sweep('2026-12-04T10:00:00Z');
    expect((await world.maintenance(window.id)).status).toBe('scheduled');

    await world.sweep('2026-12-04T14:00:00Z');
    expect((await world.maintenance(window.id)).status).toBe('in_progress');
    expect([await world.componentStatus(db), await world.componentStatus(cache)]).toEqual(['operational', 'under_maintenance']);
  });

  it('extends a window in progress when its end is edited', async () => {
    const db = await world.component('Database E');
    const window = await aWindow(world, { from: '2026-12-05T10:00:00Z', until: '2026-12-05T11:00:00Z', components: [db] });
    await world.sweep('2026-12-05T10:00:00Z');
    await world.call('2026-12-05T10:50:00Z', 'PATCH', `/v1/maintenances/${window.id}`, { scheduled_until: '2026-12-05T12:00:00Z' });

    await world.sweep('2026-12-05T11:00:00Z');
    expect((await world.maintenance(window.id)).status).toBe('in_progress');
    await world.sweep('2026-12-05T12:00:00Z');
    expect((await world.maintenance(window.id)).status).toBe('completed');
  });

  it('catches up after downtime: a start that passed while nobody swept runs on the next sweep', async () => {
    const db = await world.component('Database F');
    const window = await aWindow(world, { from: '2026-12-06T10:00:00Z', until: '2026-12-06T11:00:00Z', components: [db] });

    await world.sweep('2026-12-06T10:20:00Z');

    const started = await world.maintenance(window.id);
    expect(started.status).toBe('in_progress');
    expect(started.started_at).toBe('2026-12-06T10:20:00.000Z');
    expect(await world.componentStatus(db)).toBe('under_maintenance');
  });

  it('closes a window missed entirely at once, without moving its components', async () => {
    const db = await world.component('Database G');
    const window = await aWindow(world, { from: '2026-12-07T10:00:00Z', until: '2026-12-07T10:30:00Z', components: [db] });

    const report = await world.sweep('2026-12-07T12:00:00Z');

    expect(report.transitions).toContainEqual({ maintenance_id: window.id, from: 'scheduled', to: 'completed' });
    const closed = await world.maintenance(window.id);
    expect(statuses(closed)).toEqual(['scheduled', 'completed']);
    expect(closed.updates[1]!.message).toBe('This scheduled maintenance window has ended.');
    const history = await world.api.deps.store.components.statusHistory(db);
    expect(history.map((h) => h.status)).toEqual(['operational']);
  });

  it('posts each move once when two processes sweep at the same time', async () => {
    const db = await world.component('Database H');
    const window = await aWindow(world, { from: '2026-12-08T10:00:00Z', until: '2026-12-08T11:00:00Z', components: [db] });

    await Promise.all([world.sweep('2026-12-08T10:00:00Z'), world.sweep('2026-12-08T10:00:00Z', world.otherProcess())]);
    await Promise.all([world.sweep('2026-12-08T11:00:00Z'), world.sweep('2026-12-08T11:00:01Z', world.otherProcess())]);

    expect(statuses(await world.maintenance(window.id))).toEqual(['scheduled', 'in_progress', 'completed']);
  });

  it('leaves a window without auto_transition to the responders', async () => {
    const db = await world.component('Database I');
    const window = await aWindow(world, { from: '2026-12-09T10:00:00Z', until: '2026-12-09T11:00:00Z', components: [db], auto_transition: false });

    await world.sweep('2026-12-09T12:00:00Z');

    expect((await world.maintenance(window.id)).status).toBe('scheduled');
  });

  it('shows the window as upcoming, then active, then completed in GET /v1/maintenances', async () => {
    const db = await world.component('Database J');
    const window = await aWindow(world, { from: '2026-12-10T10:00:00Z', until: '2026-12-10T11:00:00Z', components: [db] });
    const ids = async (state: string) =>
      MaintenanceSchema.array().parse(await world.call('2026-12-10T00:00:00Z', 'GET', `/v1/maintenances?state=${state}`)).map((m) => m.id);

    expect(await ids('upcoming')).toContain(window.id);
    await world.sweep('2026-12-10T10:00:00Z');
    expect(await ids('active')).toContain(window.id);
    expect(await ids('upcoming')).not.toContain(window.id);
    await world.sweep('2026-12-10T11:00:00Z');
    expect(await ids('completed')).toContain(window.id);
    expect((await world.api.deps.store.maintenances.open()).map((m) => m.id)).not.toContain(window.id);
  });
});

describe('runScheduledWork: the reminder before a window', () => {
  it('reminds the subscribers once, reminder_minutes before the start', async () => {
    const db = await world.component('Search K');
    const window = await aWindow(world, { from: '2026-12-11T10:00:00Z', until: '2026-12-11T11:00:00Z', components: [db] });

    await world.sweep('2026-12-11T08:59:59Z');
    expect((await world.maintenance(window.id)).updates).toHaveLength(1);

    const [a, b] = await Promise.all([world.sweep('2026-12-11T09:00:00Z'), world.sweep('2026-12-11T09:00:00Z', world.otherProcess())]);
    await world.sweep('2026-12-11T09:30:00Z');
    await world.sweep('2026-12-11T09:59:00Z');

    expect([...a.maintenance_reminders, ...b.maintenance_reminders].filter((id) => id === window.id)).toHaveLength(1);
    const reminded = await world.maintenance(window.id);
    expect(reminded.updates).toHaveLength(2);
    expect(reminded.updates[1]).toMatchObject({
      status: 'scheduled',
      notify: true,
      posted_by: 'herald',
      message: 'Reminder: this scheduled maintenance starts at 2026-12-11 10:00 UTC and is expected to last until 2026-12-11 11:00 UTC.',
    });
  });

  it('does not remind of a window announced inside the reminder period (the announcement is the reminder)', async () => {
    const db = await world.component('Search L');
    const window = await aWindow(world, { at: '2026-12-12T09:30:00Z', from: '2026-12-12T10:00:00Z', until: '2026-12-12T11:00:00Z', components: [db] });

    await world.sweep('2026-12-12T09:31:00Z');

    expect((await world.maintenance(window.id)).updates).toHaveLength(1);
  });

  it('reminds again when the start is moved after a reminder', async () => {
    const db = await world.component('Search M');
    const window = await aWindow(world, { from: '2026-12-13T10:00:00Z', until: '2026-12-13T11:00:00Z', components: [db] });
    await world.sweep('2026-12-13T09:00:00Z');
    await world.call('2026-12-13T09:10:00Z', 'PATCH', `/v1/maintenances/${window.id}`, {
      scheduled_for: '2026-12-13T16:00:00Z',
      scheduled_until: '2026-12-13T17:00:00Z',
    });

    await world.sweep('2026-12-13T10:00:00Z');
    await world.sweep('2026-12-13T15:00:00Z');
    await world.sweep('2026-12-13T15:10:00Z');

    const updates = (await world.maintenance(window.id)).updates;
    expect(updates.map((u) => u.message.slice(0, 60))).toEqual([
      'Upgrading the primary database.',
      'Reminder: this scheduled maintenance starts at 2026-12-13 10',
      'Reminder: this scheduled maintenance starts at 2026-12-13 16',
    ]);
  });
});

describe('runScheduledWork: a window too large for one change', () => {
  it(`moves a window of ${MAX_COMPONENTS_PER_CHANGE} components on its own, start and end`, async () => {
    const ids = await Promise.all(Array.from({ length: MAX_COMPONENTS_PER_CHANGE }, (_, i) => world.component(`Cap fleet ${i + 1}`)));
    const window = await aWindow(world, { from: '2026-12-20T10:00:00Z', until: '2026-12-20T11:00:00Z', components: ids });

    const started = await world.sweep('2026-12-20T10:00:00Z');
    expect(started.transitions).toContainEqual({ maintenance_id: window.id, from: 'scheduled', to: 'in_progress' });
    expect(await world.componentStatus(ids[MAX_COMPONENTS_PER_CHANGE - 1]!)).toBe('under_maintenance');
    const ended = await world.sweep('2026-12-20T11:00:00Z');
    expect(ended.transitions).toContainEqual({ maintenance_id: window.id, from: 'in_progress', to: 'completed' });
    expect(await world.componentStatus(ids[0]!)).toBe('operational');
  });

  it('marks a stored window it can never move, logs it once and moves on instead of failing every sweep', async () => {
    // Stored before the cap existed: the API refuses such a window now, so it is written directly.
    const count = MAX_COMPONENTS_PER_CHANGE + 13;
    const ids = await Promise.all(Array.from({ length: count }, (_, i) => world.component(`Legacy fleet ${i + 1}`)));
    const at = '2026-12-21T08:00:00.000Z';
    const id = 'legacy-oversized';
    await world.api.deps.store.maintenances.create(
      {
        id, title: 'Everything at once', status: 'scheduled', component_ids: ids,
        scheduled_for: '2026-12-21T10:00:00.000Z', scheduled_until: '2026-12-21T11:00:00.000Z', auto_transition: true,
        component_statuses_before: null, created_at: at, updated_at: at, started_at: null, completed_at: null, update_count: 1, version: 1,
      },
      { id: `${id}-1`, maintenance_id: id, seq: 1, status: 'scheduled', message: 'All of it.', notify: false, created_at: at, posted_by: null },
    );
    const errors: unknown[] = [];
    const deps = { ...world.deps, log: { info: () => undefined, error: (message: string, fields?: Record<string, unknown>) => errors.push({ message, ...fields }) } };
    const small = await world.component('Beside the legacy fleet');
    const beside = await aWindow(world, { from: '2026-12-21T10:00:00Z', until: '2026-12-21T11:00:00Z', components: [small] });

    const first = await world.sweep('2026-12-21T10:00:00Z', deps);

    expect(first.errors).toEqual([]);
    expect(first.blocked).toEqual([{ maintenance_id: id, to: 'in_progress', reason: expect.stringContaining(`at most ${MAX_COMPONENTS_PER_CHANGE}`) }]);
    expect(first.transitions).toContainEqual({ maintenance_id: beside.id, from: 'scheduled', to: 'in_progress' });
    expect(errors).toEqual([expect.objectContaining({ maintenance_id: id, to: 'in_progress' })]);
    const marked = await world.maintenance(id);
    expect(marked).toMatchObject({ status: 'scheduled', auto_transition: false, auto_transition_error: expect.stringContaining(`names ${count} components`) });
    expect(await world.componentStatus(ids[0]!)).toBe('operational');

    const later = await world.sweep('2026-12-21T10:01:00Z', deps);
    const end = await world.sweep('2026-12-21T11:00:00Z', deps);
    expect([...later.blocked, ...later.errors, ...end.blocked, ...end.errors]).toEqual([]);
    expect(errors).toHaveLength(1);
    expect((await world.maintenance(id)).updates).toHaveLength(1);
  });
});
