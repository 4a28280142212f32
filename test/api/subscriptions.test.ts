import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDbEndpoint } from '../support/dynamodb';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { tokenEpochOf, type Subscriber } from '#app/subscriptions/subscriber';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { createApp } from '#api/app';
import { ComponentSchema, SubscribeAnswerSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';
import { localAws } from '../support/local-aws';
import { TEST_EPOCH } from '../support/clock';

let api: TestApi;
let app: ReturnType<typeof createApp>;
const tokens = createSubscriptionTokens(async () => 'subscriptions-test-secret-0123456789abcdef');
/** The origin-verify secret CloudFront would send: requests carrying it may name their viewer. */
const ORIGIN_SECRET = 'subscriptions-test-origin-secret';
const originSecret = async () => ({ current: ORIGIN_SECRET, previous: null });
beforeAll(async () => {
  api = await createTestApi();
  app = createApp(api.deps, { tokens, originSecret });
});
afterAll(() => api.drop());

let client = 0;
/** A request from its own client address, so the rate limit does not get in the way. */
const from = (address = `203.0.113.${++client % 250}:5${client}`) => ({
  'cloudfront-viewer-address': address,
  'x-herald-origin-verify': ORIGIN_SECRET,
});

const subscribeJson = (body: unknown, headers: Record<string, string> = from()) =>
  app.request('/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const subscribeForm = (body: string, headers: Record<string, string> = from()) =>
  app.request('/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

/** Back to where the world's clock starts. */
const resetClock = () => api.setNow(TEST_EPOCH);

const subscriber = (email: string) => api.deps.store.subscribers.get(subscriberIdFor(email));

/** A manage token as a mail sent now carries it. */
const manageToken = (s: Subscriber) => tokens.manage({ subscriberId: s.id, epoch: tokenEpochOf(s), issuedAt: Math.floor(api.clock.now() / 1000) });

/** The confirm page's button: a POST with the token in the body (a GET changes nothing). */
const postConfirm = (token: string) =>
  app.request('/v1/subscriptions/confirm', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}` });

/** The subscriber's item as stored, bookkeeping included. */
async function rawItem(email: string) {
  const client = new DynamoDBClient({ endpoint: testDynamoDbEndpoint(), ...localAws });
  try {
    const key = { pk: { S: `SUBSCRIBER#${subscriberIdFor(email)}` }, sk: { S: 'SUBSCRIBER' } };
    return (await client.send(new GetItemCommand({ TableName: api.tableName, Key: key }))).Item;
  } finally {
    client.destroy();
  }
}

async function aComponent(name: string) {
  const res = await api.request('POST', '/v1/components', { name });
  return ComponentSchema.parse(await res.json());
}

describe('POST /v1/subscriptions', () => {
  it('answers 202 with the same body for a new, a pending and a confirmed address', async () => {
    const fresh = await subscribeJson({ email: 'new@example.com' });
    expect(fresh.status).toBe(202);
    expect(fresh.headers.get('content-type')).toContain('application/json');
    const body = SubscribeAnswerSchema.parse(await fresh.json());
    const pending = await subscribeJson({ email: 'NEW@example.com ' });
    expect(pending.status).toBe(202);
    expect(await pending.json()).toEqual(body);

    const current = (await subscriber('new@example.com'))!;
    await api.deps.store.subscribers.save({ ...current, status: 'confirmed', version: current.version + 1 }, current.version);
    const confirmed = await subscribeJson({ email: 'new@example.com' });
    expect(confirmed.status).toBe(202);
    expect(await confirmed.json()).toEqual(body);
    expect((await subscriber('new@example.com'))?.status).toBe('confirmed');
  });

  it('needs no API key', async () => {
    const res = await subscribeJson({ email: 'nokey@example.com' });
    expect(res.status).toBe(202);
  });

  it('stores a pending subscriber that the table forgets after seven days, and keeps it once confirmed', async () => {
    api.setNow('2026-11-27T09:00:00.000Z');
    await subscribeJson({ email: 'ttl@example.com' });
    expect(await subscriber('ttl@example.com')).toMatchObject({ status: 'pending', confirm_requested_at: '2026-11-27T09:00:00.000Z', components: [] });
    expect((await rawItem('ttl@example.com'))?.expires_at?.N).toBe(String(Date.parse('2026-12-04T09:00:00.000Z') / 1000));

    const s = (await subscriber('ttl@example.com'))!;
    const res = await postConfirm(await tokens.confirm(s.id, Date.parse('2026-11-28T09:00:00Z') / 1000));
    expect(res.status).toBe(200);
    expect((await rawItem('ttl@example.com'))?.expires_at).toBeUndefined();
    resetClock();
  });

  it('takes a form post without JavaScript and answers it with a page', async () => {
    const [a, b] = [await aComponent('Form A'), await aComponent('Form B')];
    const res = await subscribeForm(`email=form%40example.com&components=${a.id}&components=${b.id}`);
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('Check your inbox');
    expect(page).toContain('<meta name="referrer" content="no-referrer">');
    expect((await subscriber('form@example.com'))?.components).toEqual([a.id, b.id].sort());
  });

  it('takes a multipart form post too', async () => {
    const form = new FormData();
    form.set('email', 'multipart@example.com');
    const res = await app.request('/v1/subscriptions', { method: 'POST', headers: from(), body: form });
    expect(res.status).toBe(202);
    expect((await subscriber('multipart@example.com'))?.status).toBe('pending');
  });

  it('refuses what is not an address, as problem+json or as a page', async () => {
    for (const email of ['nope', 'a@b', 'two@@example.com', 'a b@example.com', '"quoted"@example.com', `${'x'.repeat(250)}@example.com`]) {
      const res = await subscribeJson({ email });
      expect(res.status, email).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { errors: unknown }).errors).toEqual([{ path: 'email', message: 'invalid address' }]);
    }
    const page = await subscribeForm('email=nope');
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('That is not an email address we can send to.');
    const empty = await subscribeForm('');
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toContain('text/html');
  });

  it('refuses unknown fields, unknown components and other media types', async () => {
    expect((await subscribeJson({ email: 'x@example.com', admin: true })).status).toBe(400);
    const unknown = await subscribeJson({ email: 'x@example.com', components: ['nosuchcomponent'] });
    expect(unknown.status).toBe(400);
    const text = await app.request('/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'text/plain', ...from() }, body: 'x@example.com' });
    expect(text.status).toBe(415);
  });
});

describe('rate limit', () => {
  it('allows 20 subscribe requests per client per 10 minutes, then 429 with Retry-After, on every instance', async () => {
    api.setNow('2026-11-27T10:00:30.000Z');
    const me = from('198.51.100.23:4711');
    const other = createApp(api.deps, { tokens, originSecret }); // a second Lambda instance
    for (let i = 0; i < 20; i++) {
      const target = i % 2 === 0 ? app : other;
      const res = await target.request('/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', ...me }, body: JSON.stringify({ email: `limit-${i}@example.com` }) });
      expect(res.status).toBe(202);
    }
    const limited = await subscribeJson({ email: 'limit-x@example.com' }, me);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('570');
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    const page = await subscribeForm('email=limit-y%40example.com', me);
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('Please try again in 10 minutes');

    // Another client is not affected; nor is this one in the next window
    expect((await subscribeJson({ email: 'limit-z@example.com' }, from('198.51.100.24:1'))).status).toBe(202);
    api.setNow('2026-11-27T10:10:00.000Z');
    expect((await subscribeJson({ email: 'limit-x@example.com' }, me)).status).toBe(202);
    resetClock();
  });

  it('counts an IPv6 client by its /64', async () => {
    api.setNow('2026-11-27T11:00:00.000Z');
    for (let i = 0; i < 20; i++) {
      expect((await subscribeJson({ email: `six-${i}@example.com` }, from(`2001:db8:1:2:${i.toString(16)}::1:443`))).status).toBe(202);
    }
    expect((await subscribeJson({ email: 'six-x@example.com' }, from('2001:db8:1:2:ffff::9:443'))).status).toBe(429);
    expect((await subscribeJson({ email: 'six-y@example.com' }, from('2001:db8:1:3::1:443'))).status).toBe(202);
    resetClock();
  });
});

describe('confirm, unsubscribe and manage links', () => {
  async function pending(email: string) {
    await subscribeJson({ email });
    return (await subscriber(email))!;
  }

  it('confirms with a valid token, and refuses a tampered, a swapped or an expired one', async () => {
    const s = await pending('link@example.com');
    const now = Math.floor(api.clock.now() / 1000);
    const expires = Math.floor(Date.parse(s.confirm_requested_at!) / 1000) + 86_400; // as mailed
    const token = await tokens.confirm(s.id, expires);

    const tampered = [
      token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'),
      token.replace(s.id, subscriberIdFor('someone-else@example.com')),
      token.replace(`.${expires}.`, `.${expires + 999_999}.`),
      await manageToken(s), // a manage token is not a confirm token
      'c.garbage',
      '',
    ];
    for (const bad of tampered) {
      const res = await app.request(`/v1/subscriptions/confirm?token=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain('This link is not valid');
    }
    expect((await subscriber('link@example.com'))?.status).toBe('pending');
    expect((await app.request('/v1/subscriptions/confirm')).status).toBe(400);

    const expired = await app.request(`/v1/subscriptions/confirm?token=${await tokens.confirm(s.id, now - 1)}`);
    expect(expired.status).toBe(410);

    const ok = await postConfirm(token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/html');
    expect(await ok.text()).toContain('link@example.com');
    const confirmed = await subscriber('link@example.com');
    expect(confirmed).toMatchObject({ status: 'confirmed' });
    expect(confirmed?.confirmed_at).toBeTruthy();
  });

  it('shows the unsubscribe page without changing anything, and unsubscribes on one-click POST', async () => {
    const s = await pending('leaver@example.com');
    const token = await manageToken(s);
    const url = `/v1/subscriptions/unsubscribe?token=${token}`;

    const page = await app.request(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<button type="submit">Unsubscribe</button>');
    expect(html).toContain(`action="https://status.example.com${url}"`.replace('https://status.example.com', api.deps.config.page.url));
    expect(await subscriber('leaver@example.com')).not.toBeNull();

    // RFC 8058: the mail provider POSTs List-Unsubscribe=One-Click; no key, no cookie
    const res = await app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('You are unsubscribed');
    expect(await subscriber('leaver@example.com')).toBeNull();

    // Again (the person clicks the page's button too), as multipart, and with no body at all
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    expect((await app.request(url, { method: 'POST', body: form })).status).toBe(200);
    expect((await app.request(url, { method: 'POST' })).status).toBe(200);
    for (const [type, body] of [['text/plain', 'List-Unsubscribe=One-Click'], ['application/json', '{}']] as const) {
      expect((await app.request(url, { method: 'POST', headers: { 'content-type': type }, body })).status, type).toBe(200);
    }

    const bad = await app.request(`/v1/subscriptions/unsubscribe?token=${token.slice(0, -2)}xx`, { method: 'POST' });
    expect(bad.status).toBe(400);
  });

  it('shows and changes the component filter on the manage page', async () => {
    const c = await aComponent('Manage me');
    const s = await pending('manager@example.com');
    const token = await manageToken(s);
    const page = await (await app.request(`/v1/subscriptions/manage?token=${token}`)).text();
    expect(page).toContain(`value="${c.id}"`);
    const saved = await app.request(`/v1/subscriptions/manage?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `components=${c.id}`,
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain(`value="${c.id}" checked`);
    expect((await subscriber('manager@example.com'))?.components).toEqual([c.id]);
    const cleared = await app.request(`/v1/subscriptions/manage?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(cleared.status).toBe(200);
    expect((await subscriber('manager@example.com'))?.components).toEqual([]);
    expect((await app.request(`/v1/subscriptions/manage?token=x${token}`)).status).toBe(400);
  });

  it('puts every subscription route in the OpenAPI document', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as { paths: Record<string, { post: { requestBody: { content: object } } }> };
    for (const path of ['/v1/subscriptions', '/v1/subscriptions/confirm', '/v1/subscriptions/unsubscribe', '/v1/subscriptions/manage', '/v1/subscribers', '/v1/subscribers/{id}']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(Object.keys(doc.paths['/v1/subscriptions']!.post.requestBody.content)).toEqual(
      expect.arrayContaining(['application/json', 'application/x-www-form-urlencoded']),
    );
  });
});
