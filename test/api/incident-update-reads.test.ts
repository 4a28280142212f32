// An update reads only what it uses (issue 14 §4): it starts from the copy of the incident this
// process saved last (app/incidents/recent-incidents.ts) and lists the components only when it
// names, restores or resolves some. These tests hold the answers to what they were before: a
// copy another process has overtaken is never written over nor answered from, and a component
// moved since is seen as it is now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { createApp } from '#api/app';
import { ComponentSchema, IncidentSchema, PostedUpdateSchema } from '#api/schemas';
import { createAppDeps } from '#app/deps';
import type { Store } from '#app/ports/store';
import { createTestApi, authorizedRequester, type TestApi } from '../support/api';

let api: TestApi;
/** A second API process on the same table (another Lambda instance): its own copies. */
let other: TestApi['request'];
beforeAll(async () => {
  api = await createTestApi();
  const deps = createAppDeps(createDynamoStore(api.table), api.deps.config, () => api.clock.iso());
  other = authorizedRequester(createApp(deps), api.key);
});
afterAll(() => api.drop());

async function declare(request: TestApi['request'], over: Record<string, unknown> = {}) {
  const res = await request('POST', '/v1/incidents', { title: 'Checkout is failing', severity: 'SEV2', message: 'Looking.', ...over });
  expect(res.status).toBe(201);
  return IncidentSchema.parse(await res.json());
}

async function post(request: TestApi['request'], id: string, body: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await request('POST', `/v1/incidents/${id}/updates`, body, headers);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function posted(request: TestApi['request'], id: string, body: Record<string, unknown>) {
  const res = await post(request, id, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return PostedUpdateSchema.parse(res.body);
}

async function aComponent(name: string, status = 'operational') {
  const res = await api.request('POST', '/v1/components', { name, status });
  expect(res.status).toBe(201);
  return ComponentSchema.parse(await res.json());
}

async function statusOf(id: string) {
  return ComponentSchema.array().parse(await (await api.request('GET', '/v1/components')).json()).find((c) => c.id === id)?.status;
}

async function stored(id: string) {
  return IncidentSchema.parse(await (await api.request('GET', `/v1/incidents/${id}`)).json());
}

/** Counts the calls on the store's incident reads and component listing (wrapped in place). */
function countReads(store: Store) {
  const counts = { incidentGets: 0, componentLists: 0 };
  const { get } = store.incidents;
  const { list } = store.components;
  store.incidents.get = (id) => (counts.incidentGets++, get(id));
  store.components.list = () => (counts.componentLists++, list());
  return {
    counts,
    restore() {
      store.incidents.get = get;
      store.components.list = list;
    },
  };
}

describe('an update after another process changed the incident', () => {
  it('appends after the other process’s update: every update kept, in order, none answered from the old copy', async () => {
    api.setNow('2026-12-01T09:00:00.000Z');
    const incident = await declare(api.request);
    await posted(api.request, incident.id, { status: 'investigating', message: 'A: still looking.' });
    await posted(other, incident.id, { status: 'identified', message: 'B: found it.' });

    const mine = await posted(api.request, incident.id, { status: 'monitoring', message: 'A: watching.' });

    expect(mine.updates.map((u) => [u.seq, u.message])).toEqual([
      [1, 'Looking.'],
      [2, 'A: still looking.'],
      [3, 'B: found it.'],
      [4, 'A: watching.'],
    ]);
    expect(mine.version).toBe(4);
    expect(mine.identified_at).toBe('2026-12-01T09:00:00.000Z'); // from B's update, which A's copy did not hold
    expect(await stored(incident.id)).toEqual(IncidentSchema.parse(mine));
  });

  it('keeps another process’s edit (the title) instead of writing the old copy back', async () => {
    api.setNow('2026-12-01T10:00:00.000Z');
    const incident = await declare(api.request);
    await posted(api.request, incident.id, { status: 'identified', message: 'Found it.' });
    expect((await other('PATCH', `/v1/incidents/${incident.id}`, { title: 'Card payments fail', severity: 'SEV1' })).status).toBe(200);

    const mine = await posted(api.request, incident.id, { status: 'monitoring', message: 'Watching.' });

    expect(mine).toMatchObject({ title: 'Card payments fail', severity: 'SEV1', status: 'monitoring' });
    expect(await stored(incident.id)).toMatchObject({ title: 'Card payments fail', severity: 'SEV1', status: 'monitoring', version: 4 });
  });

  it('refuses with 409 a move the incident as it now is forbids, though the old copy allowed it, and writes nothing', async () => {
    api.setNow('2026-12-01T11:00:00.000Z');
    const incident = await declare(api.request);
    await posted(api.request, incident.id, { status: 'monitoring', message: 'Watching.' });
    await posted(other, incident.id, { status: 'resolved', message: 'Fixed.' });

    const refused = await post(api.request, incident.id, { status: 'identified', message: 'Found more.' });

    expect(refused.status).toBe(409);
    expect(await stored(incident.id)).toMatchObject({ status: 'resolved', version: 3 });
  });

  it('makes a move the old copy would have refused, when the incident as it now is allows it', async () => {
    api.setNow('2026-12-01T12:00:00.000Z');
    const incident = await declare(api.request);
    await posted(api.request, incident.id, { status: 'monitoring', message: 'Watching.' });
    await posted(api.request, incident.id, { status: 'resolved', message: 'Fixed.' }); // A's copy: resolved
    await posted(other, incident.id, { status: 'investigating', message: 'It is back.' }); // reopened by B

    // resolved → identified is forbidden; investigating → identified is not.
    const mine = await posted(api.request, incident.id, { status: 'identified', message: 'Same cause.' });
    expect(mine.updates.map((u) => u.status)).toEqual(['investigating', 'monitoring', 'resolved', 'investigating', 'identified']);
  });

  it('honours If-Match against the version the table holds, not the copy', async () => {
    api.setNow('2026-12-01T13:00:00.000Z');
    const incident = await declare(api.request);
    const first = await posted(api.request, incident.id, { status: 'investigating', message: 'A.' }); // A's copy: version 2
    const theirs = await posted(other, incident.id, { status: 'identified', message: 'B.' }); // the table: version 3

    // A's copy is at the version A saw last, the If-Match at B's: the table decides, and it matches.
    const mine = await post(api.request, incident.id, { status: 'monitoring', message: 'Seen.' }, { 'if-match': String(theirs.version) });
    expect(mine.status).toBe(201);
    await posted(other, incident.id, { status: 'monitoring', message: 'B again.' }); // the table: version 5, A's copy 4
    expect((await post(api.request, incident.id, { status: 'monitoring', message: 'Stale.' }, { 'if-match': String(theirs.version + 1) })).status).toBe(412);
    expect((await post(api.request, incident.id, { status: 'monitoring', message: 'Stale.' }, { 'if-match': String(first.version) })).status).toBe(412);
    expect((await stored(incident.id)).updates.map((u) => u.message)).toEqual(['Looking.', 'A.', 'B.', 'Seen.', 'B again.']);
  });
});

describe('the components an update reads', () => {
  it('moves a named component and records the change, on an incident whose copy this process holds', async () => {
    api.setNow('2026-12-02T09:00:00.000Z');
    const checkout = await aComponent('Checkout C1');
    const incident = await declare(api.request);
    await posted(api.request, incident.id, { status: 'investigating', message: 'Still looking.' });

    const moved = await posted(api.request, incident.id, { status: 'identified', message: 'Checkout is down.', components: { [checkout.id]: 'major_outage' } });

    expect(moved.updates.at(-1)!.component_changes).toEqual([{ id: checkout.id, name: 'Checkout C1', old_status: 'operational', new_status: 'major_outage' }]);
    expect(moved.components).toEqual([checkout.id]);
    expect(await statusOf(checkout.id)).toBe('major_outage');
    expect(await stored(incident.id)).toMatchObject({ components: [checkout.id] });
  });

  it('refuses an unknown component with 400 and writes nothing', async () => {
    api.setNow('2026-12-02T10:00:00.000Z');
    const incident = await declare(api.request);
    const refused = await post(api.request, incident.id, { status: 'identified', message: 'X.', components: { 'no-such-component': 'major_outage' } });
    expect(refused.status).toBe(400);
    expect(await stored(incident.id)).toMatchObject({ version: 1 });
  });

  it('warns on a resolve about a component moved down since the last update (read as it is now)', async () => {
    api.setNow('2026-12-02T11:00:00.000Z');
    const search = await aComponent('Search C2');
    const incident = await declare(api.request, { components: { [search.id]: 'degraded_performance' } });
    await posted(api.request, incident.id, { status: 'monitoring', message: 'Watching.', components: { [search.id]: 'operational' } });
    expect((await other('PATCH', `/v1/components/${search.id}`, { status: 'major_outage' })).status).toBe(200);
    api.setNow('2026-12-02T12:00:00.000Z');

    const resolved = await posted(api.request, incident.id, { status: 'resolved', message: 'Fixed.' });

    expect(resolved.warnings).toEqual([expect.stringMatching(/^Resolved while 1 of its components is still not operational: Search C2 \(major_outage\)\./)]);
  });

  it('restores a component moved down since the last update', async () => {
    api.setNow('2026-12-02T13:00:00.000Z');
    const api2 = await aComponent('API C3');
    const incident = await declare(api.request, { components: { [api2.id]: 'partial_outage' } });
    await posted(api.request, incident.id, { status: 'monitoring', message: 'Watching.', components: { [api2.id]: 'operational' } });
    expect((await other('PATCH', `/v1/components/${api2.id}`, { status: 'major_outage' })).status).toBe(200);
    api.setNow('2026-12-02T14:00:00.000Z');

    const resolved = await posted(api.request, incident.id, { status: 'resolved', message: 'Fixed.', restore_components: true });

    expect(resolved.warnings).toEqual([]);
    expect(resolved.updates.at(-1)!.component_changes).toEqual([{ id: api2.id, name: 'API C3', old_status: 'major_outage', new_status: 'operational' }]);
    expect(await statusOf(api2.id)).toBe('operational');
  });

  it('reads neither the incident nor the components for a progress update that names none, on an incident it just wrote', async () => {
    api.setNow('2026-12-02T15:00:00.000Z');
    const db = await aComponent('DB C4');
    const incident = await declare(api.request, { components: { [db.id]: 'major_outage' } });
    const reads = countReads(api.deps.store);
    try {
      await posted(api.request, incident.id, { status: 'investigating', message: 'Still looking.' });
      await posted(api.request, incident.id, { status: 'identified', message: 'Found it.' });
      expect(reads.counts).toEqual({ incidentGets: 0, componentLists: 0 });
      // Naming a component lists them (once); a resolve of an incident with components too.
      await posted(api.request, incident.id, { status: 'monitoring', message: 'Watching.', components: { [db.id]: 'operational' } });
      expect(reads.counts).toEqual({ incidentGets: 0, componentLists: 1 });
      api.setNow('2026-12-02T16:00:00.000Z');
      await posted(api.request, incident.id, { status: 'resolved', message: 'Fixed.' });
      expect(reads.counts).toEqual({ incidentGets: 0, componentLists: 2 });
    } finally {
      reads.restore();
    }
  });
});
