// Console sign-in, sessions and CSRF against DynamoDB Local, on the one test clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson } from '#app/people/add-person';
import { SIGN_IN_ANSWER } from '#app/sessions/request-sign-in';
import { signInLinkExpiry } from '#core/session-policy';
import { browserWith, CONSOLE_ORIGIN, createConsoleTestApi, signedInBrowser, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
beforeAll(async () => {
  api = await createConsoleTestApi();
  await addPerson(api.deps, { email: 'ic@example.com', role: 'responder', name: 'Ines Commander' }, { actor: 'test', now: api.clock.iso() });
});
afterAll(() => api.drop());

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: CONSOLE_ORIGIN, ...headers },
  body: new URLSearchParams(fields).toString(),
});

async function requestsFor(email: string) {
  const { Items = [] } = await api.table.doc.send(
    new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: api.tableName, FilterExpression: '#t = :t AND email = :e', ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':t': 'sign_in_request', ':e': email } }),
  );
  return Items;
}

describe('asking for a sign-in link', () => {
  it('answers the same for a person and an unknown address, and stores a request only for the person', async () => {
    const known = await api.consoleApp.request('/console/sign-in', form({ email: 'IC@example.com ', next: '/console/incidents/x' }));
    const unknown = await api.consoleApp.request('/console/sign-in', form({ email: 'nobody@example.com' }));
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const [a, b] = [await known.text(), await unknown.text()];
    expect(a).toContain(SIGN_IN_ANSWER);
    expect(b).toContain(SIGN_IN_ANSWER);
    expect((await requestsFor('ic@example.com')).length).toBe(1);
    expect((await requestsFor('nobody@example.com')).length).toBe(0);
    expect((await requestsFor('ic@example.com'))[0]!.next).toBe('/console/incidents/x');
  });

  it('keeps the next page to the console (no open redirect)', async () => {
    await api.consoleApp.request('/console/sign-in', form({ email: 'ic@example.com', next: '//evil.example/console' }));
    const nexts = (await requestsFor('ic@example.com')).map((r) => r.next);
    expect(nexts).not.toContain('//evil.example/console');
    expect(nexts).toContain('/console');
  });

  it('shows a bad address beside the field, with what was typed', async () => {
    const res = await api.consoleApp.request('/console/sign-in', form({ email: 'not an address<script>' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="field-error"');
    expect(html).toContain('value="not an address&lt;script&gt;"');
  });

  it('limits one client to 20 requests in 15 minutes (429), whatever the addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await api.consoleApp.request('/console/sign-in', form({ email: `flood${i}@example.com` }, { 'x-forwarded-for': '203.0.113.9' }));
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    api.clock.advance(16 * 60_000);
    expect((await api.consoleApp.request('/console/sign-in', form({ email: 'ic@example.com' }))).status).toBe(200);
  });
});

describe('following the link', () => {
  async function link(email: string) {
    const id = 'abcdefghijklmnopqrst'.split('').sort(() => Math.random() - 0.5).join('');
    const now = api.clock.iso();
    await api.deps.store.sessions.createSignInRequest({ id, email, requested_at: now, link_expires_at: signInLinkExpiry(now), next: '/console/account' });
    return api.tokens.signIn(id, Math.floor(Date.parse(signInLinkExpiry(now)) / 1000));
  }

  it('GET shows a button and signs nobody in (mail scanners); POST signs in once and sets an HttpOnly SameSite cookie', async () => {
    const token = await link('ic@example.com');
    const shown = await api.consoleApp.request(`/console/sign-in/link?token=${token}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('set-cookie')).toBeNull();
    const first = await api.consoleApp.request('/console/sign-in/link', form({ token }));
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/console/account');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const again = await api.consoleApp.request('/console/sign-in/link', form({ token }));
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('used already');
  });

  it('refuses a link after 15 minutes, and a forged one', async () => {
    const token = await link('ic@example.com');
    api.clock.advance(15 * 60_000 + 1000);
    const late = await api.consoleApp.request('/console/sign-in/link', form({ token }));
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('expired');
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await api.consoleApp.request('/console/sign-in/link', form({ token: forged }))).status).toBe(400);
  });
});

describe('sessions', () => {
  it('sends a request without a session to sign-in, and back after', async () => {
    const res = await api.consoleApp.request('/console/metrics?days=7');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Fmetrics%3Fdays%3D7');
  });

  it('ends after 12 idle hours, and after 7 days however busy', async () => {
    const browser = await signedInBrowser(api, 'ic@example.com', 'responder');
    expect((await browser.get('/console')).status).toBe(200);
    api.clock.advance(11 * 3_600_000);
    expect((await browser.get('/console')).status).toBe(200);
    api.clock.advance(12 * 3_600_000 + 60_000);
    expect((await browser.get('/console')).status).toBe(303);

    const busy = await signedInBrowser(api, 'ic@example.com', 'responder');
    // Used every 11 hours (never idle for 12): alive until 7 days after sign-in, not after.
    for (let step = 1; step <= 16; step++) {
      api.clock.advance(11 * 3_600_000);
      expect((await busy.get('/console')).status, `after ${step * 11} h`).toBe(step * 11 < 7 * 24 ? 200 : 303);
    }
  });

  it('an expired session on a POST shows sign-in with the typed message kept, posting nothing', async () => {
    const browser = await signedInBrowser(api, 'ic@example.com', 'responder');
    for (const s of await api.deps.store.sessions.list()) await api.deps.store.sessions.delete(s.id_hash);
    const message = 'We are investigating elevated error rates on checkout.\nNext update in 30 minutes.';
    const res = await browser.post('/console/incidents/new', { title: 'Checkout errors', message });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('Your session has ended');
    expect(html).toContain('We are investigating elevated error rates on checkout.');
  });

  it('refuses a cross-site POST and a POST without the CSRF token', async () => {
    const browser = await signedInBrowser(api, 'ic@example.com', 'responder');
    const crossSite = await browser.post('/console/sign-out', {}, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const noToken = await browser.post('/console/sign-out', { _csrf: '' });
    expect(noToken.status).toBe(403);
    expect((await browser.get('/console')).status).toBe(200);
    const out = await browser.post('/console/sign-out');
    expect(out.status).toBe(303);
    expect((await browser.get('/console')).status).toBe(303);
  });

  it('lists sessions; a responder ends their own, not others’; an admin ends anyone’s; sign out everywhere', async () => {
    for (const s of await api.deps.store.sessions.list()) await api.deps.store.sessions.delete(s.id_hash);
    const laptop = await signedInBrowser(api, 'ic@example.com', 'responder');
    const phone = await signedInBrowser(api, 'ic@example.com', 'responder');
    const admin = await signedInBrowser(api, 'admin@example.com', 'admin');
    const other = await signedInBrowser(api, 'other@example.com', 'responder');
    const mine = await (await laptop.get('/console/account')).text();
    expect(mine).toContain('(this one)');
    expect(mine).not.toContain('other@example.com');
    const otherHandle = (await api.deps.store.sessions.list()).find((s) => s.email === 'other@example.com')!.handle;
    expect((await laptop.post('/console/account/sessions/end', { session: otherHandle })).status).toBe(403);
    expect(await (await admin.get('/console/account')).text()).toContain('other@example.com');
    expect((await admin.post('/console/account/sessions/end', { session: otherHandle })).status).toBe(303);
    expect((await other.get('/console')).status).toBe(303);
    expect((await laptop.post('/console/account/sessions/end-all')).status).toBe(303);
    expect((await phone.get('/console')).status).toBe(303);
    expect((await admin.get('/console')).status).toBe(200);
  });

  it('a removed person is signed out on their next request; a cookie that was never issued gets sign-in', async () => {
    const browser = await signedInBrowser(api, 'temp@example.com', 'viewer');
    expect((await browser.get('/console')).status).toBe(200);
    await api.deps.store.people.delete((await api.deps.store.people.get('temp@example.com'))!);
    expect((await browser.get('/console')).status).toBe(303);
    const fake = browserWith(api, 'x', 'herald_session=' + 'A'.repeat(43), 'x');
    expect((await fake.get('/console')).status).toBe(303);
  });
});

describe('/v1/sessions', () => {
  it('lists live sessions to an admin key and ends one; a narrower key gets 403', async () => {
    for (const s of await api.deps.store.sessions.list()) await api.deps.store.sessions.delete(s.id_hash);
    const browser = await signedInBrowser(api, 'ic@example.com', 'responder');
    const listed = await api.request('GET', '/v1/sessions');
    expect(listed.status).toBe(200);
    const sessions = (await listed.json()) as Array<{ id: string; email: string; ends_at: string }>;
    expect(sessions.map((s) => s.email)).toEqual(['ic@example.com']);
    expect(JSON.stringify(sessions)).not.toContain(browser.cookie.split('=')[1]!);
    expect((await api.request('DELETE', `/v1/sessions/${sessions[0]!.id}`)).status).toBe(204);
    expect((await browser.get('/console')).status).toBe(303);
    expect((await api.request('DELETE', `/v1/sessions/${sessions[0]!.id}`)).status).toBe(404);

    const { createApiKey } = await import('#app/api-keys/create-api-key');
    const { key } = await createApiKey(api.deps, 'narrow', { scopes: ['incidents', 'read'] });
    const narrow = await api.app.request('/v1/sessions', { headers: { authorization: `Bearer ${key}` } });
    expect(narrow.status).toBe(403);
    expect(narrow.headers.get('content-type')).toContain('application/problem+json');
  });
});
