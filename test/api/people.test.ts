import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PersonSchema } from '#api/routes/people';
import { ProblemSchema } from '#api/schemas';
import { createApiKey } from '#app/api-keys/create-api-key';
import { ensureConfiguredAdmins } from '#app/people/ensure-configured-admins';
import { authorizedRequester, createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const path = (email: string) => `/v1/people/${encodeURIComponent(email)}`;
const listed = async () => PersonSchema.array().parse(await (await api.request('GET', '/v1/people')).json());
const add = async (body: Record<string, unknown>) => {
  const res = await api.request('POST', '/v1/people', body);
  expect(res.status).toBe(201);
  return PersonSchema.parse(await res.json());
};

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = ProblemSchema.parse(await res.json());
  expect(body.status).toBe(status);
  return body;
}

describe('/v1/people', () => {
  it('adds a person with a normalised email, who is then listed', async () => {
    // Prepare
    api.setNow('2026-12-01T09:00:00.000Z');
    // Act
    const ana = await add({ email: '  Ana@Example.ORG ', role: 'responder', name: 'Ana' });
    // Assess
    expect(ana).toEqual({
      email: 'ana@example.org',
      name: 'Ana',
      role: 'responder',
      created_at: '2026-12-01T09:00:00.000Z',
      updated_at: '2026-12-01T09:00:00.000Z',
      version: 1,
      added_by: 'test-responder',
    });
    expect(await listed()).toContainEqual(ana);
  });

  it('lists admins first, then responders, then viewers, by email', async () => {
    await add({ email: 'zed-order@example.org', role: 'admin' });
    await add({ email: 'amy-order@example.org', role: 'viewer' });
    await add({ email: 'bob-order@example.org', role: 'responder' });
    const order = (await listed()).filter((p) => p.email.endsWith('-order@example.org')).map((p) => p.email);
    expect(order).toEqual(['zed-order@example.org', 'bob-order@example.org', 'amy-order@example.org']);
  });

  it('answers 409 for an address someone already has, whatever its case', async () => {
    await add({ email: 'dup@example.org', role: 'viewer' });
    const body = await expectProblem(await api.request('POST', '/v1/people', { email: 'DUP@example.org', role: 'admin' }), 409);
    expect(body.detail).toContain('dup@example.org is already a person here');
    expect((await listed()).find((p) => p.email === 'dup@example.org')?.role).toBe('viewer');
  });

  it('changes a role and a name with If-Match, and refuses a stale version with 412', async () => {
    await add({ email: 'cy@example.org', role: 'viewer' });
    api.setNow('2026-12-01T10:00:00.000Z');
    const ok = await api.request('PATCH', path('Cy@example.org'), { role: 'responder', name: 'Cy' }, { 'if-match': '1' });
    expect(ok.status).toBe(200);
    expect(PersonSchema.parse(await ok.json())).toMatchObject({ role: 'responder', name: 'Cy', version: 2, updated_at: '2026-12-01T10:00:00.000Z' });

    const stale = await api.request('PATCH', path('cy@example.org'), { role: 'viewer' }, { 'if-match': '1' });
    await expectProblem(stale, 412);
    expect((await listed()).find((p) => p.email === 'cy@example.org')).toMatchObject({ role: 'responder', version: 2 });
  });

  it('removes a person (204), then answers 404 for them; a stale If-Match on DELETE is 412', async () => {
    await add({ email: 'dee@example.org', role: 'responder' });
    await api.request('PATCH', path('dee@example.org'), { name: 'Dee' });
    await expectProblem(await api.request('DELETE', path('dee@example.org'), undefined, { 'if-match': '1' }), 412);
    expect((await api.request('DELETE', path('dee@example.org'))).status).toBe(204);
    await expectProblem(await api.request('DELETE', path('dee@example.org')), 404);
    await expectProblem(await api.request('PATCH', path('dee@example.org'), { role: 'admin' }), 404);
    expect((await listed()).some((p) => p.email === 'dee@example.org')).toBe(false);
  });

  it('answers 400 problem+json for a bad role, a bad address, an unknown field or an empty change', async () => {
    const badRole = await expectProblem(await api.request('POST', '/v1/people', { email: 'eve@example.org', role: 'owner' }), 400);
    expect(badRole.errors?.[0]?.path).toBe('role');
    const badEmail = await expectProblem(await api.request('POST', '/v1/people', { email: 'not-an-address', role: 'viewer' }), 400);
    expect(badEmail.errors?.[0]?.path).toBe('email');
    const unknown = await expectProblem(await api.request('POST', '/v1/people', { email: 'eve@example.org', role: 'viewer', scopes: [] }), 400);
    expect(unknown.errors?.[0]?.message).toContain('scopes');
    await add({ email: 'eve@example.org', role: 'viewer' });
    const badPatchRole = await expectProblem(await api.request('PATCH', path('eve@example.org'), { role: 'root' }), 400);
    expect(badPatchRole.errors?.[0]?.path).toBe('role');
    await expectProblem(await api.request('PATCH', path('eve@example.org'), {}), 400);
    const badPathEmail = await expectProblem(await api.request('PATCH', path('eve-at-example.org'), { role: 'viewer' }), 400);
    expect(badPathEmail.errors?.[0]?.path).toBe('email');
  });

  it('replays a POST with the same Idempotency-Key instead of answering 409', async () => {
    const headers = { 'idempotency-key': 'add-fay-1' };
    const first = await api.request('POST', '/v1/people', { email: 'fay@example.org', role: 'viewer' }, headers);
    const again = await api.request('POST', '/v1/people', { email: 'fay@example.org', role: 'viewer' }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(PersonSchema.parse(await again.json())).toEqual(PersonSchema.parse(await first.json()));
  });

  it('answers 403 problem+json to a key without the admin scope, on every people route', async () => {
    const { key } = await createApiKey(api.deps, 'incident-bot', { scopes: ['read', 'incidents'] });
    const narrow = authorizedRequester(api.app, key);
    await add({ email: 'gil@example.org', role: 'viewer' });
    for (const res of [
      await narrow('GET', '/v1/people'),
      await narrow('POST', '/v1/people', { email: 'hub@example.org', role: 'admin' }),
      await narrow('PATCH', path('gil@example.org'), { role: 'admin' }),
      await narrow('DELETE', path('gil@example.org')),
    ]) {
      await expectProblem(res, 403);
    }
    expect((await listed()).find((p) => p.email === 'gil@example.org')?.role).toBe('viewer');
    expect((await listed()).some((p) => p.email === 'hub@example.org')).toBe(false);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await api.request('GET', '/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/v1/people'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/people/{email}'] ?? {}).sort()).toEqual(['delete', 'patch']);
  });
});

describe('/v1/people: the last admin', () => {
  // Each test on its own table: the rule counts every admin in the table.
  let own: TestApi;
  beforeEach(async () => {
    own = await createTestApi();
    return () => own.drop();
  });
  const admins = async () =>
    PersonSchema.array()
      .parse(await (await own.request('GET', '/v1/people')).json())
      .filter((p) => p.role === 'admin')
      .map((p) => p.email);

  it('cannot be demoted or removed (409 saying why); once there is another admin, can', async () => {
    // Prepare
    expect((await own.request('POST', '/v1/people', { email: 'ada@example.org', role: 'admin' })).status).toBe(201);
    // Act, Assess
    const demote = await expectProblem(await own.request('PATCH', path('ada@example.org'), { role: 'responder' }), 409);
    expect(demote.detail).toBe(
      'ada@example.org is the only admin: demoting them would leave nobody able to manage people. Make someone else an admin first.',
    );
    const remove = await expectProblem(await own.request('DELETE', path('ada@example.org')), 409);
    expect(remove.detail).toContain('ada@example.org is the only admin: removing them');
    expect(await admins()).toEqual(['ada@example.org']);

    // A name change is no demotion.
    expect((await own.request('PATCH', path('ada@example.org'), { name: 'Ada' })).status).toBe(200);

    await own.request('POST', '/v1/people', { email: 'ben@example.org', role: 'viewer' });
    expect((await own.request('PATCH', path('ben@example.org'), { role: 'admin' })).status).toBe(200);
    expect((await own.request('PATCH', path('ada@example.org'), { role: 'viewer' })).status).toBe(200);
    await expectProblem(await own.request('DELETE', path('ben@example.org')), 409);
    expect(await admins()).toEqual(['ben@example.org']);
  });

  it('holds when two admins demote or remove each other at once: exactly one change lands', async () => {
    await own.request('POST', '/v1/people', { email: 'cat@example.org', role: 'admin' });
    await own.request('POST', '/v1/people', { email: 'dan@example.org', role: 'admin' });

    const answers = await Promise.all([
      own.request('PATCH', path('cat@example.org'), { role: 'viewer' }),
      own.request('DELETE', path('dan@example.org')),
    ]);

    expect(answers.map((r) => r.status).sort()).toEqual(answers[0]!.status === 200 ? [200, 409] : [204, 409]);
    expect(await admins()).toHaveLength(1);
  });

  it('does not count a viewer or responder leaving', async () => {
    await own.request('POST', '/v1/people', { email: 'eli@example.org', role: 'admin' });
    await own.request('POST', '/v1/people', { email: 'flo@example.org', role: 'responder' });
    expect((await own.request('PATCH', path('flo@example.org'), { role: 'viewer' })).status).toBe(200);
    expect((await own.request('DELETE', path('flo@example.org'))).status).toBe(204);
    await expectProblem(await own.request('DELETE', path('eli@example.org')), 409);
  });
});

describe('ensureConfiguredAdmins', () => {
  let own: TestApi;
  beforeEach(async () => {
    own = await createTestApi();
    return () => own.drop();
  });

  it('adds the configured admins, promotes one who had another role, and changes nothing the second time', async () => {
    own.setNow('2026-12-02T08:00:00.000Z');
    await own.request('POST', '/v1/people', { email: 'gus@example.org', role: 'viewer' });

    const first = await ensureConfiguredAdmins(own.deps, ['Hal@Example.org', 'gus@example.org']);
    const second = await ensureConfiguredAdmins(own.deps, ['hal@example.org', 'gus@example.org']);

    expect(first).toEqual({ created: ['hal@example.org'], promoted: ['gus@example.org'], unchanged: [] });
    expect(second).toEqual({ created: [], promoted: [], unchanged: ['hal@example.org', 'gus@example.org'] });
    const people = PersonSchema.array().parse(await (await own.request('GET', '/v1/people')).json());
    expect(people).toContainEqual({
      email: 'hal@example.org', name: null, role: 'admin', created_at: '2026-12-02T08:00:00.000Z',
      updated_at: '2026-12-02T08:00:00.000Z', version: 1, added_by: 'herald.config.json',
    });
    expect(people.find((p) => p.email === 'gus@example.org')).toMatchObject({ role: 'admin', version: 2 });
  });

  it('run by several processes at once, creates the admin once and counts them once', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => ensureConfiguredAdmins(own.deps, ['ivy@example.org'])));

    expect(runs.flatMap((r) => r.created)).toEqual(['ivy@example.org']);
    expect(runs.flatMap((r) => r.unchanged)).toHaveLength(2);
    // Counted once: with a second admin added and removed, ivy is the only admin again.
    await own.request('POST', '/v1/people', { email: 'jo@example.org', role: 'admin' });
    expect((await own.request('DELETE', path('jo@example.org'))).status).toBe(204);
    await expectProblem(await own.request('DELETE', path('ivy@example.org')), 409);
  });

  it('refuses a configured address that is not one, naming it, and adds nobody', async () => {
    await expect(ensureConfiguredAdmins(own.deps, ['ok@example.org', 'root@localhost'])).rejects.toThrow(
      'herald.config.json people.admins: not an email address: root@localhost',
    );
    expect(await own.deps.store.people.list()).toEqual([]);
  });

  it('takes its addresses from herald.config.json people.admins (none by default)', async () => {
    expect(own.deps.config.people.admins).toEqual([]);
    expect(await ensureConfiguredAdmins(own.deps)).toEqual({ created: [], promoted: [], unchanged: [] });
    const withAdmin = { ...own.deps, config: { ...own.deps.config, people: { admins: ['kim@example.org'] } } };
    expect((await ensureConfiguredAdmins(withAdmin)).created).toEqual(['kim@example.org']);
  });
});
