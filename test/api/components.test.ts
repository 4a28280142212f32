import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const listed = async () => ComponentSchema.array().parse(await (await api.request('GET', '/v1/components')).json());

describe('/v1/components', () => {
  it('creates a component in a group, and the group derives its status from it', async () => {
    const res = await api.request('POST', '/v1/components', { name: 'Search', group: 'Core', description: 'Full-text search' });
    expect(res.status).toBe(201);
    const search = ComponentSchema.parse(await res.json());
    expect(search).toMatchObject({ name: 'Search', status: 'operational', group: false, version: 1 });
    await api.request('PATCH', `/v1/components/${search.id}`, { status: 'partial_outage' });
    const group = (await listed()).find((c) => c.id === search.group_id);
    expect(group).toMatchObject({ name: 'Core', group: true, status: 'partial_outage' });
  });

  it('patches with If-Match and refuses a stale version with 412', async () => {
    const created = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'Billing' })).json());
    const ok = await api.request('PATCH', `/v1/components/${created.id}`, { status: 'degraded_performance' }, { 'if-match': '1' });
    expect(ok.status).toBe(200);
    expect(ComponentSchema.parse(await ok.json())).toMatchObject({ status: 'degraded_performance', version: 2 });
    const stale = await api.request('PATCH', `/v1/components/${created.id}`, { status: 'operational' }, { 'if-match': '1' });
    expect(stale.status).toBe(412);
    expect((await listed()).find((c) => c.id === created.id)?.status).toBe('degraded_performance');
  });

  it('records each status move in the component history', async () => {
    api.setNow('2026-11-27T09:00:00.000Z');
    const created = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'Queue' })).json());
    api.setNow('2026-11-27T10:00:00.000Z');
    await api.request('PATCH', `/v1/components/${created.id}`, { status: 'major_outage' });
    api.setNow('2026-11-27T10:30:00.000Z');
    await api.request('PATCH', `/v1/components/${created.id}`, { status: 'operational' });
    const history = await api.deps.store.components.statusHistory(created.id);
    expect(history.map((h) => h.status)).toEqual(['operational', 'major_outage', 'operational']);
  });

  it('deletes a component, then answers 404 for it', async () => {
    const created = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'Temp' })).json());
    expect((await api.request('DELETE', `/v1/components/${created.id}`)).status).toBe(204);
    expect((await api.request('DELETE', `/v1/components/${created.id}`)).status).toBe(404);
    expect((await listed()).some((c) => c.id === created.id)).toBe(false);
  });

  it('refuses to set a group status directly', async () => {
    const child = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'CDN', group: 'Edge' })).json());
    const res = await api.request('PATCH', `/v1/components/${child.group_id}`, { status: 'major_outage' });
    expect(res.status).toBe(400);
  });
});
