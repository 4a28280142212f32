import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { createApp } from '#api/app';
import { ImportResultSchema, SubscriberListSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  api = await createTestApi();
  app = createApp(api.deps, { tokens: createSubscriptionTokens(async () => 'subscribers-test-secret-0123456789abcdef') });
});
afterAll(() => api.drop());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: { authorization: `Bearer ${api.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function importing(body: unknown, headers?: Record<string, string>) {
  const res = await call('POST', '/v1/subscribers', body, headers);
  expect(res.status).toBe(200);
  return ImportResultSchema.parse(await res.json());
}

async function list(query = '') {
  const res = await call('GET', `/v1/subscribers${query}`);
  expect(res.status).toBe(200);
  return SubscriberListSchema.parse(await res.json());
}

describe('/v1/subscribers', () => {
  it('needs an API key', async () => {
    expect((await app.request('/v1/subscribers')).status).toBe(401);
    expect((await app.request('/v1/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"subscribers":[]}' })).status).toBe(401);
  });

  it('imports confirmed subscribers, skipping invalid, repeated and existing addresses', async () => {
    const result = await importing({
      subscribers: [{ email: 'one@example.com' }, { email: 'Two@Example.com' }, { email: 'not-an-address' }, { email: 'one@example.com' }],
      confirmed: true,
    });
    expect(result).toEqual({
      imported: 2,
      skipped: 2,
      skipped_addresses: [
        { email: 'not-an-address', reason: 'invalid' },
        { email: 'one@example.com', reason: 'duplicate' },
      ],
    });
    const again = await importing({ subscribers: [{ email: 'two@example.com' }], confirmed: true });
    expect(again).toEqual({ imported: 0, skipped: 1, skipped_addresses: [{ email: 'two@example.com', reason: 'exists' }] });
    const { subscribers } = await list('?status=confirmed');
    expect(subscribers.map((s) => s.email).sort()).toEqual(['one@example.com', 'two@example.com']);
    expect(subscribers[0]).toMatchObject({ status: 'confirmed', source: 'import', components: [] });
    expect(subscribers[0]!.confirmed_at).toBeTruthy();
  });

  it('imports unconfirmed ones as pending (each gets a confirmation mail), and confirms them on a confirmed import', async () => {
    await importing({ subscribers: [{ email: 'maybe@example.com' }] });
    expect((await list('?status=pending')).subscribers.map((s) => s.email)).toContain('maybe@example.com');
    expect(await importing({ subscribers: [{ email: 'maybe@example.com' }], confirmed: true })).toMatchObject({ imported: 1, skipped: 0 });
    expect((await list('?status=confirmed')).subscribers.map((s) => s.email)).toContain('maybe@example.com');
  });

  it('takes up to 1,000 a call', async () => {
    const many = (n: number) => ({ subscribers: Array.from({ length: n }, (_, i) => ({ email: `many-${i}@example.com` })), confirmed: true });
    expect((await call('POST', '/v1/subscribers', many(1001))).status).toBe(400);
    expect(await importing(many(1000))).toMatchObject({ imported: 1000, skipped: 0 });
  });

  it('refuses an unknown component with 400 and imports nothing', async () => {
    const res = await call('POST', '/v1/subscribers', { subscribers: [{ email: 'x@example.com', components: ['nosuch'] }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual([{ path: 'subscribers.0.components', message: 'unknown component nosuch' }]);
  });

  it('replays an import with the same Idempotency-Key and changes nothing', async () => {
    const body = { subscribers: [{ email: 'idem@example.com' }], confirmed: true };
    const first = await importing(body, { 'idempotency-key': 'import-1' });
    const second = await call('POST', '/v1/subscribers', body, { 'idempotency-key': 'import-1' });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(first);
    expect((await call('POST', '/v1/subscribers', { ...body, confirmed: false }, { 'idempotency-key': 'import-1' })).status).toBe(422);
  });

  it('lists a page at a time with the total count', async () => {
    const all = await list();
    expect(all.count).toBeGreaterThan(1000);
    const first = await list('?limit=2');
    expect(first.subscribers).toHaveLength(2);
    expect(first.count).toBe(all.count);
    const second = await list(`?limit=2&cursor=${first.next_cursor}`);
    expect(second.subscribers.map((s) => s.id)).not.toContain(first.subscribers[0]!.id);
    let seen = 0;
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page = await list(`?limit=400${cursor ? `&cursor=${cursor}` : ''}`);
      seen += page.subscribers.length;
      cursor = page.next_cursor;
    }
    expect(seen).toBe(all.count);
    expect((await call('GET', '/v1/subscribers?cursor=garbage')).status).toBe(400);
  });

  it('deletes a subscriber', async () => {
    const { subscribers } = await list('?status=confirmed&limit=1');
    const id = subscribers[0]!.id;
    expect((await call('DELETE', `/v1/subscribers/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/subscribers/${id}`)).status).toBe(404);
  });
});

describe('GET /v1/subscribers: the count', () => {
  it('follows every write: imports, confirmation, deletion, and pending ones whose confirmation window closed', async () => {
    const world = await createTestApi();
    const app = createApp(world.deps, { tokens: createSubscriptionTokens(async () => 'subscribers-test-secret-0123456789abcdef') });
    const request = (method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${world.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const listing = async (query = '') => SubscriberListSchema.parse(await (await request('GET', `/v1/subscribers${query}`)).json());
    const walked = async (status: string) => {
      let n = 0;
      for (let cursor: string | null = ''; cursor !== null; ) {
        const page = await listing(`?status=${status}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
        n += page.subscribers.length;
        cursor = page.next_cursor;
      }
      return n;
    };
    const counts = async () => ({
      all: (await listing()).count,
      pending: (await listing('?status=pending')).count,
      confirmed: (await listing('?status=confirmed')).count,
    });
    try {
      world.setNow('2026-11-10T12:00:00.000Z');
      expect(await counts()).toEqual({ all: 0, pending: 0, confirmed: 0 });

      const addresses = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ email: `${prefix}-${i}@example.com` }));
      await request('POST', '/v1/subscribers', { subscribers: addresses('sure', 250), confirmed: true });
      await request('POST', '/v1/subscribers', { subscribers: addresses('maybe', 30) });
      expect(await counts()).toEqual({ all: 280, pending: 30, confirmed: 250 });
      expect([await walked('pending'), await walked('confirmed')]).toEqual([30, 250]);

      await request('POST', '/v1/subscribers', { subscribers: addresses('maybe', 10), confirmed: true });
      expect(await counts()).toEqual({ all: 280, pending: 20, confirmed: 260 });

      const { subscribers } = await listing('?status=confirmed&limit=5');
      for (const s of subscribers) expect((await request('DELETE', `/v1/subscribers/${s.id}`)).status).toBe(204);
      expect(await counts()).toEqual({ all: 275, pending: 20, confirmed: 255 });
      expect(await walked('confirmed')).toBe(255);

      world.setNow('2026-11-18T12:00:00.000Z'); // the pending ones' 7 days are over (TTL)
      expect(await counts()).toEqual({ all: 255, pending: 0, confirmed: 255 });
    } finally {
      await world.drop();
    }
  });

});
