import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema, PostedUpdateSchema, ComponentSchema } from '#api/schemas';
import { listIncidents } from '#app/incidents/read-incidents';
import { MAX_COMPONENTS_PER_CHANGE } from '#core/change-limits';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const aDeclaration = (over: Record<string, unknown> = {}) => ({
  title: 'Checkout is failing',
  severity: 'SEV1',
  message: 'We are investigating failed payments.',
  ...over,
});

async function declare(over: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/v1/incidents', aDeclaration(over));
  expect(res.status).toBe(201);
  return IncidentSchema.parse(await res.json());
}

async function aComponent(name: string) {
  const res = await api.request('POST', '/v1/components', { name });
  expect(res.status).toBe(201);
  return ComponentSchema.parse(await res.json());
}

describe('POST /v1/incidents', () => {
  it('declares an incident with an INC id from the declaration minute', async () => {
    api.setNow('2026-11-27T09:05:30.000Z');
    const incident = await declare();
    expect(incident.id).toBe('INC-20261127-0905');
    expect(incident).toMatchObject({ status: 'investigating', severity: 'SEV1', impact: 'critical', version: 1 });
    expect(incident.updates).toHaveLength(1);
    expect(incident.updates[0]).toMatchObject({ status: 'investigating', posted_by: 'test-responder', notify: true });
  });

  it('gives a second incident in the same minute the -2 suffix', async () => {
    api.setNow('2026-11-27T10:00:01.000Z');
    const first = await declare();
    const second = await declare();
    const third = await declare();
    expect([first.id, second.id, third.id]).toEqual(['INC-20261127-1000', 'INC-20261127-1000-2', 'INC-20261127-1000-3']);
  });

  it('accepts P-aliases for severities', async () => {
    api.setNow('2026-11-27T10:01:00.000Z');
    const incident = await declare({ severity: 'P2' });
    expect(incident).toMatchObject({ severity: 'SEV2', impact: 'major' });
  });

  it('moves the named components in the same change', async () => {
    api.setNow('2026-11-27T10:02:00.000Z');
    const component = await aComponent('Payments API');
    const incident = await declare({ components: { [component.id]: 'major_outage' } });
    expect(incident.components).toEqual([component.id]);
    expect(incident.updates[0]!.component_changes).toEqual([
      { id: component.id, name: 'Payments API', old_status: 'operational', new_status: 'major_outage' },
    ]);
    const listed = ComponentSchema.array().parse(await (await api.request('GET', '/v1/components')).json());
    expect(listed.find((c) => c.id === component.id)?.status).toBe('major_outage');
  });

  it('rejects an unknown component id with 400 and changes nothing', async () => {
    api.setNow('2026-11-27T10:03:00.000Z');
    const res = await api.request('POST', '/v1/incidents', aDeclaration({ components: { nosuchthing: 'major_outage' } }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const open = IncidentSchema.array().parse(await (await api.request('GET', '/v1/incidents?state=all&limit=1000')).json());
    expect(open.some((i) => i.id === 'INC-20261127-1003')).toBe(false);
  });
});

describe('POST /v1/incidents/{id}/updates', () => {
  it('walks the lifecycle and keeps updates oldest first', async () => {
    api.setNow('2026-11-27T11:00:00.000Z');
    const { id } = await declare();
    for (const [at, status] of [
      ['2026-11-27T11:10:00.000Z', 'identified'],
      ['2026-11-27T11:20:00.000Z', 'monitoring'],
      ['2026-11-27T12:00:00.000Z', 'resolved'],
    ] as const) {
      api.setNow(at);
      const res = await api.request('POST', `/v1/incidents/${id}/updates`, { status, message: `Now ${status}.` });
      expect(res.status).toBe(201);
    }
    const incident = IncidentSchema.parse(await (await api.request('GET', `/v1/incidents/${id}`)).json());
    expect(incident.updates.map((u) => u.status)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(incident).toMatchObject({
      status: 'resolved',
      identified_at: '2026-11-27T11:10:00.000Z',
      monitoring_at: '2026-11-27T11:20:00.000Z',
      resolved_at: '2026-11-27T12:00:00.000Z',
      version: 4,
    });
  });

  it('warns when resolving after less than 30 minutes in monitoring, but resolves', async () => {
    api.setNow('2026-11-27T13:00:00.000Z');
    const { id } = await declare();
    api.setNow('2026-11-27T13:05:00.000Z');
    await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'monitoring', message: 'Fix deployed.' });
    api.setNow('2026-11-27T13:15:00.000Z');
    const res = await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Done.' });
    expect(res.status).toBe(201);
    const body = PostedUpdateSchema.parse(await res.json());
    expect(body.status).toBe('resolved');
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0]).toMatch(/10 minutes in monitoring/);
  });

  it('rejects a move from resolved to monitoring with 409', async () => {
    api.setNow('2026-11-27T14:00:00.000Z');
    const { id } = await declare();
    await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
    const res = await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'monitoring', message: 'Hmm.' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ status: 409, title: 'Conflict' });
  });

  it('reopens a resolved incident and keeps an addendum as resolved', async () => {
    api.setNow('2026-11-27T15:00:00.000Z');
    const { id } = await declare();
    await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
    api.setNow('2026-11-27T15:30:00.000Z');
    const addendum = IncidentSchema.parse(
      await (await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Root cause: a bad deploy.' })).json(),
    );
    expect(addendum.resolved_at).toBe('2026-11-27T15:00:00.000Z');
    expect(addendum.updates.at(-1)?.notify).toBe(false);
    const reopened = IncidentSchema.parse(
      await (await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'investigating', message: 'It is back.' })).json(),
    );
    expect(reopened).toMatchObject({ status: 'investigating', resolved_at: null });
    expect(reopened.updates.at(-1)?.notify).toBe(true);
  });

  it('keeps every one of 25 concurrent updates to one incident', async () => {
    api.setNow('2026-11-27T16:00:00.000Z');
    const { id } = await declare();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, n) =>
        api.request('POST', `/v1/incidents/${id}/updates`, { status: 'investigating', message: `Progress ${n}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(25).fill(201));
    const incident = IncidentSchema.parse(await (await api.request('GET', `/v1/incidents/${id}`)).json());
    expect(incident.updates).toHaveLength(26);
    expect(new Set(incident.updates.map((u) => u.message)).size).toBe(26);
    expect(incident.version).toBe(26);
  });

  it('answers 404 for an incident that does not exist', async () => {
    const res = await api.request('POST', '/v1/incidents/INC-20000101-0000/updates', { status: 'identified', message: 'x' });
    expect(res.status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('returns the first response for a repeated key and declares once', async () => {
    api.setNow('2026-11-27T17:00:00.000Z');
    const headers = { 'idempotency-key': 'declare-once-1' };
    const first = await api.request('POST', '/v1/incidents', aDeclaration({ title: 'Once' }), headers);
    api.setNow('2026-11-27T17:00:20.000Z');
    const again = await api.request('POST', '/v1/incidents', aDeclaration({ title: 'Once' }), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const all = IncidentSchema.array().parse(await (await api.request('GET', '/v1/incidents?state=open&limit=1000')).json());
    expect(all.filter((i) => i.title === 'Once')).toHaveLength(1);
  });

  it('changes things once when two requests race with one key', async () => {
    api.setNow('2026-11-27T17:05:00.000Z');
    const headers = { 'idempotency-key': 'race-1' };
    const [a, b] = await Promise.all([
      api.request('POST', '/v1/incidents', aDeclaration({ title: 'Raced' }), headers),
      api.request('POST', '/v1/incidents', aDeclaration({ title: 'Raced' }), headers),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(IncidentSchema.parse(await a.json()).id).toBe(IncidentSchema.parse(await b.json()).id);
    const all = IncidentSchema.array().parse(await (await api.request('GET', '/v1/incidents?state=open&limit=1000')).json());
    expect(all.filter((i) => i.title === 'Raced')).toHaveLength(1);
  });

  it('answers 422 when the key is reused with another body', async () => {
    api.setNow('2026-11-27T17:10:00.000Z');
    const headers = { 'idempotency-key': 'reused-1' };
    await api.request('POST', '/v1/incidents', aDeclaration({ title: 'First' }), headers);
    const res = await api.request('POST', '/v1/incidents', aDeclaration({ title: 'Second' }), headers);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('PATCH /v1/incidents/{id}', () => {
  it('changes severity and roles and recomputes impact', async () => {
    api.setNow('2026-11-27T18:00:00.000Z');
    const { id, version } = await declare({ severity: 'SEV3' });
    const res = await api.request('PATCH', `/v1/incidents/${id}`, { severity: 'SEV0', roles: { commander: 'alice' } }, { 'if-match': String(version) });
    expect(res.status).toBe(200);
    expect(IncidentSchema.parse(await res.json())).toMatchObject({ severity: 'SEV0', impact: 'critical', roles: { commander: 'alice' } });
  });

  it('answers 412 for a stale If-Match', async () => {
    api.setNow('2026-11-27T18:05:00.000Z');
    const { id } = await declare();
    await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'identified', message: 'Found it.' });
    const res = await api.request('PATCH', `/v1/incidents/${id}`, { title: 'Renamed' }, { 'if-match': '1' });
    expect(res.status).toBe(412);
    const unchanged = IncidentSchema.parse(await (await api.request('GET', `/v1/incidents/${id}`)).json());
    expect(unchanged.title).toBe('Checkout is failing');
  });
});

describe('PUT /v1/incidents/{id}/postmortem', () => {
  it('stores a postmortem and marks when it was published', async () => {
    api.setNow('2026-11-27T19:00:00.000Z');
    const { id } = await declare();
    const draft = IncidentSchema.parse(await (await api.request('PUT', `/v1/incidents/${id}/postmortem`, { body: '# What happened' })).json());
    expect(draft.postmortem).toMatchObject({ published: false, published_at: null });
    api.setNow('2026-11-27T19:30:00.000Z');
    const published = IncidentSchema.parse(
      await (await api.request('PUT', `/v1/incidents/${id}/postmortem`, { body: '# What happened', published: true })).json(),
    );
    expect(published.postmortem).toMatchObject({ published: true, published_at: '2026-11-27T19:30:00.000Z' });
  });
});

describe('GET /v1/incidents', () => {
  it('lists open incidents newest first and leaves resolved ones out', async () => {
    const fresh = await createTestApi();
    try {
      fresh.setNow('2026-11-20T08:00:00.000Z');
      const older = IncidentSchema.parse(await (await fresh.request('POST', '/v1/incidents', aDeclaration({ title: 'Older' }))).json());
      fresh.setNow('2026-11-21T08:00:00.000Z');
      const newer = IncidentSchema.parse(await (await fresh.request('POST', '/v1/incidents', aDeclaration({ title: 'Newer' }))).json());
      fresh.setNow('2026-11-22T08:00:00.000Z');
      const closed = IncidentSchema.parse(await (await fresh.request('POST', '/v1/incidents', aDeclaration({ title: 'Closed' }))).json());
      await fresh.request('POST', `/v1/incidents/${closed.id}/updates`, { status: 'resolved', message: 'ok' });
      const open = IncidentSchema.array().parse(await (await fresh.request('GET', '/v1/incidents?state=open')).json());
      expect(open.map((i) => i.id)).toEqual([newer.id, older.id]);
      const resolved = IncidentSchema.array().parse(await (await fresh.request('GET', '/v1/incidents?state=resolved')).json());
      expect(resolved.map((i) => i.id)).toEqual([closed.id]);
      const all = IncidentSchema.array().parse(await (await fresh.request('GET', '/v1/incidents?state=all')).json());
      expect(all.map((i) => i.id)).toEqual([closed.id, newer.id, older.id]);
    } finally {
      await fresh.drop();
    }
  });
});

describe('a change naming many components (one atomic write: core/change-limits.ts)', () => {
  const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
  const many = async (n: number, prefix: string) => Promise.all(names(n, prefix).map(async (name) => (await aComponent(name)).id));
  const all = (ids: string[], status: string) => Object.fromEntries(ids.map((id) => [id, status]));

  it(`declares with ${MAX_COMPONENTS_PER_CHANGE} components and an Idempotency-Key, all moved together`, async () => {
    api.setNow('2026-11-28T08:00:00.000Z');
    const ids = await many(MAX_COMPONENTS_PER_CHANGE, 'Cap declare');
    const res = await api.request('POST', '/v1/incidents', aDeclaration({ components: all(ids, 'major_outage') }), { 'idempotency-key': 'cap-declare' });
    expect(res.status).toBe(201);
    const incident = IncidentSchema.parse(await res.json());
    expect(incident.components).toHaveLength(MAX_COMPONENTS_PER_CHANGE);
    const listed = ComponentSchema.array().parse(await (await api.request('GET', '/v1/components')).json());
    expect(listed.filter((c) => ids.includes(c.id)).every((c) => c.status === 'major_outage')).toBe(true);
  });

  it(`refuses ${MAX_COMPONENTS_PER_CHANGE + 1} components on a declaration with a 400 naming the field, and declares nothing`, async () => {
    api.setNow('2026-11-28T08:10:00.000Z');
    const ids = await many(MAX_COMPONENTS_PER_CHANGE + 1, 'Over declare');
    const res = await api.request('POST', '/v1/incidents', aDeclaration({ components: all(ids, 'major_outage') }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { errors: Array<{ path: string; message: string }> };
    expect(problem.errors).toContainEqual({ path: 'components', message: expect.stringContaining(`at most ${MAX_COMPONENTS_PER_CHANGE}`) });
    const open = IncidentSchema.array().parse(await (await api.request('GET', '/v1/incidents?state=all')).json());
    expect(open.map((i) => i.id)).not.toContain('INC-20261128-0810');
  });

  it(`updates with ${MAX_COMPONENTS_PER_CHANGE} components, refuses ${MAX_COMPONENTS_PER_CHANGE + 1} with a 400 and keeps the incident as it was`, async () => {
    api.setNow('2026-11-28T08:20:00.000Z');
    const ids = await many(MAX_COMPONENTS_PER_CHANGE + 1, 'Cap update');
    const incident = await declare();
    const ok = await api.request('POST', `/v1/incidents/${incident.id}/updates`, {
      status: 'identified', message: 'Found it.', components: all(ids.slice(1), 'partial_outage'),
    });
    expect(ok.status).toBe(201);
    const over = await api.request('POST', `/v1/incidents/${incident.id}/updates`, {
      status: 'monitoring', message: 'Fixed.', components: all(ids, 'operational'),
    });
    expect(over.status).toBe(400);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(((await over.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['components']);
    const after = IncidentSchema.parse(await (await api.request('GET', `/v1/incidents/${incident.id}`)).json());
    expect(after).toMatchObject({ status: 'identified', version: 2 });
  });
});

describe('resolving: what the answer warns about', () => {
  const post = async (id: string, body: Record<string, unknown>) => {
    const res = await api.request('POST', `/v1/incidents/${id}/updates`, body);
    expect(res.status).toBe(201);
    return PostedUpdateSchema.parse(await res.json());
  };
  const statusOf = async (id: string) =>
    ComponentSchema.array().parse(await (await api.request('GET', '/v1/components')).json()).find((c) => c.id === id)?.status;

  it('lists the components a resolution leaves down, by name and status, and leaves them as they are', async () => {
    api.setNow('2026-11-29T09:00:00.000Z');
    const [checkout, search] = [await aComponent('Checkout R1'), await aComponent('Search R1')];
    const incident = await declare({ components: { [checkout.id]: 'major_outage', [search.id]: 'degraded_performance' } });
    await post(incident.id, { status: 'monitoring', message: 'Watching.', components: { [search.id]: 'operational' } });
    api.setNow('2026-11-29T10:00:00.000Z');

    const resolved = await post(incident.id, { status: 'resolved', message: 'Fixed.' });

    expect(resolved.warnings).toEqual([expect.stringMatching(/^Resolved while 1 of its components is still not operational: Checkout R1 \(major_outage\)\./)]);
    expect(await statusOf(checkout.id)).toBe('major_outage');
  });

  it('with "restore_components": true, makes every component of the incident operational in the same update and does not warn', async () => {
    api.setNow('2026-11-29T11:00:00.000Z');
    const [checkout, search] = [await aComponent('Checkout R2'), await aComponent('Search R2')];
    const incident = await declare({ components: { [checkout.id]: 'major_outage', [search.id]: 'partial_outage' } });
    await post(incident.id, { status: 'monitoring', message: 'Watching.' });
    api.setNow('2026-11-29T12:00:00.000Z');

    const resolved = await post(incident.id, { status: 'resolved', message: 'Fixed.', restore_components: true });

    expect(resolved.warnings).toEqual([]);
    expect([await statusOf(checkout.id), await statusOf(search.id)]).toEqual(['operational', 'operational']);
    expect(resolved.updates.at(-1)!.component_changes).toEqual([
      { id: checkout.id, name: 'Checkout R2', old_status: 'major_outage', new_status: 'operational' },
      { id: search.id, name: 'Search R2', old_status: 'partial_outage', new_status: 'operational' },
    ]);
  });

  it('says "Resolved without a monitoring period" for an incident that never entered monitoring, never "Closed after 0 minutes"', async () => {
    api.setNow('2026-11-29T13:00:00.000Z');
    const incident = await declare();
    api.setNow('2026-11-29T13:40:00.000Z');

    const resolved = await post(incident.id, { status: 'resolved', message: 'It was a false alarm.' });

    expect(resolved.warnings).toEqual([expect.stringMatching(/^Resolved without a monitoring period\b/)]);
    expect(resolved.warnings.join(' ')).not.toMatch(/Closed after/);
  });

  it('says that a follow-up on a resolved incident notifies nobody', async () => {
    api.setNow('2026-11-29T14:00:00.000Z');
    const incident = await declare();
    await post(incident.id, { status: 'monitoring', message: 'Watching.' });
    api.setNow('2026-11-29T15:00:00.000Z');
    await post(incident.id, { status: 'resolved', message: 'Fixed.' });

    const addendum = await post(incident.id, { status: 'resolved', message: 'The root cause was a certificate.' });

    expect(addendum.updates.at(-1)!.notify).toBe(false);
    expect(addendum.warnings).toEqual([expect.stringMatching(/^This follow-up on a resolved incident notifies nobody/)]);
  });
});

describe('GET /v1/incidents, a page at a time', () => {
  let own: TestApi;
  const declared: string[] = [];
  beforeAll(async () => {
    own = await createTestApi();
    for (let i = 0; i < 7; i++) {
      own.setNow(`2026-11-20T0${i}:00:00.000Z`);
      const res = await own.request('POST', '/v1/incidents', aDeclaration({ title: `Incident ${i}`, message: `Long message ${'x'.repeat(2000)} ${i}` }));
      declared.unshift(IncidentSchema.parse(await res.json()).id);
    }
  });
  afterAll(() => own.drop());

  it('keeps the array shape and gives the next page in Link rel="next" and X-Next-Cursor until the last', async () => {
    const seen: string[] = [];
    let path: string | null = '/v1/incidents?state=all&limit=3';
    const pages: number[] = [];
    while (path) {
      const res = await own.request('GET', path);
      expect(res.status).toBe(200);
      const page = IncidentSchema.array().parse(await res.json());
      pages.push(page.length);
      seen.push(...page.map((i) => i.id));
      const link = res.headers.get('link');
      const cursor = res.headers.get('x-next-cursor');
      expect(link === null).toBe(cursor === null);
      path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
      if (path) expect(new URL(path, 'http://x').searchParams.get('cursor')).toBe(cursor);
    }
    expect(pages).toEqual([3, 3, 1]);
    expect(seen).toEqual(declared);
  });

  it('answers at most 100 a page when asked for 1,000, with a next link', async () => {
    const seeded = await createTestApi();
    try {
      for (let i = 0; i < 101; i++) {
        seeded.setNow(new Date(Date.parse('2026-11-21T00:00:00.000Z') + i * 60_000).toISOString());
        expect((await seeded.request('POST', '/v1/incidents', aDeclaration())).status).toBe(201);
      }
      const res = await seeded.request('GET', '/v1/incidents?limit=1000');
      expect(IncidentSchema.array().parse(await res.json())).toHaveLength(100);
      const next = await seeded.request('GET', `/v1/incidents?limit=1000&cursor=${res.headers.get('x-next-cursor')}`);
      expect(IncidentSchema.array().parse(await next.json())).toHaveLength(1);
      expect(next.headers.get('link')).toBeNull();
    } finally {
      await seeded.drop();
    }
  });

  it('cuts a page short when its records would pass the size budget, and the next page goes on from there', async () => {
    const sizes = await Promise.all(declared.map(async (id) => JSON.stringify(await own.deps.store.incidents.get(id)).length));
    const maxChars = sizes[0]! + sizes[1]! + 10; // two fit, a third would not
    const first = await listIncidents(own.deps, 'all', { limit: 10, maxChars });
    expect(first.incidents.map((i) => i.id)).toEqual(declared.slice(0, 2));
    const second = await listIncidents(own.deps, 'all', { limit: 10, maxChars, cursor: first.next_cursor! });
    expect(second.incidents.map((i) => i.id)).toEqual(declared.slice(2, 4));
  });

  it('refuses a cursor it did not give out, or one given for another state, with a 400 naming cursor', async () => {
    const all = await own.request('GET', '/v1/incidents?state=all&limit=1');
    for (const path of ['/v1/incidents?cursor=bm9wZQ', `/v1/incidents?state=open&cursor=${all.headers.get('x-next-cursor')}`]) {
      const res = await own.request('GET', path);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['cursor']);
    }
  });
});
