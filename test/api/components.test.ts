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
    expect(search).toMatchObject({ name: 'Search', status: 'operational', is_group: false, group_name: 'Core', version: 1 });
    await api.request('PATCH', `/v1/components/${search.id}`, { status: 'partial_outage' });
    const group = (await listed()).find((c) => c.id === search.group_id);
    expect(group).toMatchObject({ name: 'Core', is_group: true, group_id: null, group_name: null, status: 'partial_outage' });
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

describe('/v1/components: groups named plainly', () => {
  it('answers group_id and group_name for a component given "group": "Store", and no ambiguous "group" field', async () => {
    const res = await api.request('POST', '/v1/components', { name: 'Checkout', group: 'Store' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    const store = (await listed()).find((c) => c.is_group && c.name === 'Store');

    expect(body).toMatchObject({ name: 'Checkout', is_group: false, group_id: store?.id, group_name: 'Store' });
    expect(body).not.toHaveProperty('group');
  });

  it('accepts group_name on input, in one group with the alias, and moves a component with PATCH', async () => {
    const cart = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'Cart', group_name: 'Shop' })).json());
    const wishlist = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'Wishlist', group: 'Shop' })).json());
    expect(cart.group_id).toBe(wishlist.group_id);
    expect(cart.group_name).toBe('Shop');

    const moved = await api.request('PATCH', `/v1/components/${cart.id}`, { group_name: 'Basket' });
    expect(ComponentSchema.parse(await moved.json())).toMatchObject({ group_name: 'Basket' });
    const renamedOnly = await api.request('PATCH', `/v1/components/${cart.id}`, { name: 'Cart v2' });
    expect(ComponentSchema.parse(await renamedOnly.json())).toMatchObject({ name: 'Cart v2', group_name: 'Basket' });
    const out = await api.request('PATCH', `/v1/components/${cart.id}`, { group_name: null });
    expect(ComponentSchema.parse(await out.json())).toMatchObject({ group_id: null, group_name: null });
  });

  it('refuses group and group_name that disagree, with a 400 naming group_name', async () => {
    const res = await api.request('POST', '/v1/components', { name: 'Confused', group: 'A', group_name: 'B' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['group_name']);
  });

  it('lists groups before their components, by position', async () => {
    const own = await createTestApi();
    try {
      const post = async (body: Record<string, unknown>) => ComponentSchema.parse(await (await own.request('POST', '/v1/components', body)).json());
      await post({ name: 'Payments', group_name: 'Store', position: 20 });
      await post({ name: 'API', position: 5 });
      await post({ name: 'Checkout', group_name: 'Store', position: 10 });
      await post({ name: 'CDN', group_name: 'Edge', position: 1 });
      const store = (await (await own.request('GET', '/v1/components')).json() as Array<{ id: string; name: string }>).find((c) => c.name === 'Store')!;
      await own.request('PATCH', `/v1/components/${store.id}`, { position: 7 });
      const edge = (await (await own.request('GET', '/v1/components')).json() as Array<{ id: string; name: string }>).find((c) => c.name === 'Edge')!;
      await own.request('PATCH', `/v1/components/${edge.id}`, { position: 0 });

      const names = ComponentSchema.array().parse(await (await own.request('GET', '/v1/components')).json()).map((c) => c.name);

      expect(names).toEqual(['Edge', 'CDN', 'API', 'Store', 'Checkout', 'Payments']);
    } finally {
      await own.drop();
    }
  });
});
