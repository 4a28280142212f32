// Mail security scanners fetch every link in a mail: following a link (GET) changes nothing, only
// a POST does (the confirm page's button, the manage form, the unsubscribe button or one-click).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionsWorld, type SubscriptionsWorld } from './subscriptions-support';

let w: SubscriptionsWorld;
beforeAll(async () => {
  w = await subscriptionsWorld();
});
afterAll(() => w.drop());

async function pending(email: string) {
  expect((await w.subscribe(email)).status).toBe(202);
  return (await w.subscriber(email))!;
}

describe('the confirm link', () => {
  it('shows a page with a Confirm button that posts the token, and confirms nothing when fetched', async () => {
    // Prepare
    const s = await pending('scanned@example.com');
    const token = await w.mailedConfirmToken(s);

    // Act: a scanner fetches the link, twice, and asks for its head too
    const first = await w.app.request(`/v1/subscriptions/confirm?token=${token}`);
    await w.app.request(`/v1/subscriptions/confirm?token=${token}`);
    expect((await w.app.request(`/v1/subscriptions/confirm?token=${token}`, { method: 'HEAD' })).status).toBe(200);

    // Assess
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    const html = await first.text();
    expect(html).toContain('scanned@example.com');
    expect(html).toContain(`<form method="post" action="${w.api.deps.config.page.url}/v1/subscriptions/confirm">`);
    expect(html).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(html).toContain('<button type="submit">Confirm subscription</button>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('You are subscribed');
    expect(await w.subscriber('scanned@example.com')).toEqual(s);
  });

  it('confirms on POST with the token in a form body, and again without harm', async () => {
    const s = await pending('pressed@example.com');
    const token = await w.mailedConfirmToken(s);

    const res = await w.postConfirm(token);

    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('You are subscribed');
    expect(html).toMatch(/href="[^"]+\/v1\/subscriptions\/manage\?token=m\.[^"]+"/);
    expect(await w.subscriber('pressed@example.com')).toMatchObject({ status: 'confirmed', confirmed_at: w.api.clock.iso() });
    expect((await w.postConfirm(token)).status).toBe(200);
    // Opened again afterwards: it says so, with no button
    const after = await (await w.app.request(`/v1/subscriptions/confirm?token=${token}`)).text();
    expect(after).toContain('You are already subscribed');
    expect(after).not.toContain('<form');
  });

  it('confirms on POST with the token in the query, or as JSON', async () => {
    const a = await pending('query@example.com');
    const inQuery = await w.app.request(`/v1/subscriptions/confirm?token=${await w.mailedConfirmToken(a)}`, { method: 'POST' });
    expect(inQuery.status).toBe(200);
    expect((await w.subscriber('query@example.com'))?.status).toBe('confirmed');

    const b = await pending('json@example.com');
    const json = await w.app.request('/v1/subscriptions/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: await w.mailedConfirmToken(b) }),
    });
    expect(json.status).toBe(200);
    expect((await w.subscriber('json@example.com'))?.status).toBe('confirmed');
  });

  it('refuses a POST with a damaged, a missing or an expired token, and changes nothing', async () => {
    const s = await pending('refused@example.com');
    const token = await w.mailedConfirmToken(s);
    for (const bad of [`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, '', 'c.garbage']) {
      const res = await w.postConfirm(bad);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain('This link is not valid');
    }
    expect((await w.app.request('/v1/subscriptions/confirm', { method: 'POST' })).status).toBe(400);
    const text = await w.app.request('/v1/subscriptions/confirm', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: token });
    expect(text.status).toBe(415);

    w.api.clock.advance(24 * 3600 * 1000 + 1000);
    const expired = await w.postConfirm(token);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
    expect((await w.subscriber('refused@example.com'))?.status).toBe('pending');
  });

  it('is in the OpenAPI document as a GET page and a POST that confirms', async () => {
    const doc = (await (await w.app.request('/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { summary: string; requestBody?: { content: object } }>>;
    };
    const confirm = doc.paths['/v1/subscriptions/confirm']!;
    expect(confirm.get!.summary).toContain('changes nothing');
    expect(Object.keys(confirm.post!.requestBody!.content)).toEqual(
      expect.arrayContaining(['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json']),
    );
  });
});

describe('the manage and unsubscribe links', () => {
  it('change nothing when fetched', async () => {
    const s = await pending('fetched@example.com');
    await w.postConfirm(await w.mailedConfirmToken(s));
    const before = (await w.subscriber('fetched@example.com'))!;
    const token = await w.manageToken(before);

    for (const path of ['manage', 'unsubscribe']) {
      const res = await w.app.request(`/v1/subscriptions/${path}?token=${token}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<form method="post"');
    }

    expect(await w.subscriber('fetched@example.com')).toEqual(before);
  });
});
