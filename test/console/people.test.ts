// The People & keys screen (admins) against DynamoDB Local, on the one test clock: people added,
// re-roled and removed (their sessions ended, by the console and by /v1 alike), the last admin
// kept, API keys created with scopes (shown once), used on /v1 with exactly those scopes, their
// last use recorded at most once an hour, and revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson } from '#app/people/add-person';
import { authorizedRequester } from '../support/api';
import { createConsoleTestApi, signedInBrowser, type Browser, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
let admin: Browser;
beforeAll(async () => {
  api = await createConsoleTestApi();
  admin = await signedInBrowser(api, 'admin@example.com', 'admin');
});
afterAll(() => api.drop());

const sessionsOf = async (email: string) => (await api.deps.store.sessions.list()).filter((s) => s.email === email);
const v1 = (key: string) => authorizedRequester(api.consoleApp, key);

describe('people', () => {
  it('lists people with who added them, and adds one, saying how they sign in', async () => {
    const page = await admin.get('/console/people');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('admin@example.com');
    expect(html).toContain('mailed to this address');

    const res = await admin.post('/console/people/add', { email: 'New.Person@Example.com ', name: 'Nina New', role: 'responder' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/people?done=added#people');
    const stored = await api.deps.store.people.get('new.person@example.com');
    expect(stored).toMatchObject({ name: 'Nina New', role: 'responder', added_by: 'admin@example.com' });
    const after = await (await admin.get('/console/people?done=added')).text();
    expect(after).toContain('They can sign in now');
    expect(after).toContain('Nina New');
  });

  it('shows a bad address beside its field with the input kept, and a taken address as a conflict', async () => {
    const bad = await admin.post('/console/people/add', { email: 'not-an-address', name: 'Kept Name', role: 'viewer' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/class="field has-error">\s*<label for="field-email">/);
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain('value="Kept Name"');
    expect(html).toContain('href="#field-email"');

    const taken = await admin.post('/console/people/add', { email: 'admin@example.com', role: 'viewer' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('admin@example.com is already a person here');
  });

  it('changes a role (carrying the version) and refuses a stale form with what changed', async () => {
    await addPerson(api.deps, { email: 'ro@example.com', role: 'viewer' }, { actor: 'test', now: api.clock.iso() });
    const res = await admin.post('/console/people/role', { email: 'ro@example.com', role: 'responder', version: '1' });
    expect(res.status).toBe(303);
    expect((await api.deps.store.people.get('ro@example.com'))!.role).toBe('responder');

    const stale = await admin.post('/console/people/role', { email: 'ro@example.com', role: 'admin', version: '1' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Someone else changed ro@example.com');
    expect(html).toContain('they are now responder');
    // The choice is kept in their row, at their current version: one more press applies it.
    expect(html).toMatch(/name="email" value="ro@example.com"\/><input type="hidden" name="version" value="2"\/>(?:(?!<\/tr>).)*<option value="admin" selected="">/s);
    expect((await api.deps.store.people.get('ro@example.com'))!.role).toBe('responder');
  });

  it('refuses to demote or remove the last admin with a clear message, changing nothing', async () => {
    const self = await api.deps.store.people.get('admin@example.com');
    const demote = await admin.post('/console/people/role', { email: 'admin@example.com', role: 'viewer', version: String(self!.version) });
    expect(demote.status).toBe(409);
    const text = await demote.text();
    expect(text).toContain('The role was not changed');
    expect(text).toContain('admin@example.com is the only admin: demoting them would leave nobody able to manage people. Make someone else an admin first.');

    const remove = await admin.post('/console/people/remove', { email: 'admin@example.com', version: String(self!.version) });
    expect(remove.status).toBe(409);
    expect(await remove.text()).toContain('removing them would leave nobody able to manage people');
    expect((await api.deps.store.people.get('admin@example.com'))!.role).toBe('admin');
    expect((await sessionsOf('admin@example.com')).length).toBeGreaterThan(0);
  });

  it('removes a person after a confirmation, ending their sessions', async () => {
    const leaver = await signedInBrowser(api, 'leaver@example.com', 'responder');
    await signedInBrowser(api, 'leaver@example.com', 'responder');
    expect((await sessionsOf('leaver@example.com')).length).toBe(2);

    const confirm = await admin.get('/console/people/remove?email=leaver%40example.com');
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Remove leaver@example.com?');
    expect(html).toContain('2 open console sessions will end');

    const res = await admin.post('/console/people/remove', { email: 'leaver@example.com', version: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/people?done=removed#people');
    expect(await api.deps.store.people.get('leaver@example.com')).toBeNull();
    expect(await sessionsOf('leaver@example.com')).toEqual([]);
    expect((await leaver.get('/console')).status).toBe(303);
  });

  it('sends an admin who demotes or removes themself where they may still go', async () => {
    const second = await signedInBrowser(api, 'second@example.com', 'admin');
    const demoted = await second.post('/console/people/role', { email: 'second@example.com', role: 'responder', version: '1' });
    expect(demoted.status).toBe(303);
    expect(demoted.headers.get('location')).toBe('/console/account');
    expect((await second.get('/console/people')).status).toBe(403);

    const third = await signedInBrowser(api, 'third@example.com', 'admin');
    const gone = await third.post('/console/people/remove', { email: 'third@example.com', version: '1' });
    expect(gone.status).toBe(303);
    expect(gone.headers.get('location')).toBe('/console/sign-in?signed_out=1');
    expect(await sessionsOf('third@example.com')).toEqual([]);
  });

  it('DELETE /v1/people/{email} ends the person’s sessions too', async () => {
    await signedInBrowser(api, 'apileaver@example.com', 'viewer');
    expect((await sessionsOf('apileaver@example.com')).length).toBe(1);
    const res = await api.request('DELETE', '/v1/people/APILeaver@example.com');
    expect(res.status).toBe(204);
    expect(await sessionsOf('apileaver@example.com')).toEqual([]);
  });

  it('refuses a responder (403 page saying why) on every People route, changing nothing', async () => {
    const responder = await signedInBrowser(api, 'resp@example.com', 'responder');
    const page = await responder.get('/console/people');
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('it needs the admin role');
    expect((await responder.post('/console/people/add', { email: 'sneak@example.com', role: 'admin' })).status).toBe(403);
    expect((await responder.post('/console/people/role', { email: 'resp@example.com', role: 'admin', version: '1' })).status).toBe(403);
    expect((await responder.post('/console/people/remove', { email: 'admin@example.com' })).status).toBe(403);
    expect((await responder.post('/console/people/keys', { name: 'sneaky', scopes: 'admin' })).status).toBe(403);
    expect(await api.deps.store.people.get('sneak@example.com')).toBeNull();
    expect((await api.deps.store.people.get('resp@example.com'))!.role).toBe('responder');
    expect((await api.deps.store.apiKeys.list()).map((k) => k.name)).not.toContain('sneaky');
  });

  it('shows hostile text escaped', async () => {
    const hostile = '<script>alert(1)</script>';
    const res = await admin.post('/console/people/add', { email: 'hostile@example.com', name: hostile, role: 'viewer' });
    expect(res.status).toBe(303);
    const key = await admin.post('/console/people/keys', { name: hostile, scopes: ['read'], owner: hostile });
    expect(key.status).toBe(200);
    const bad = await admin.post('/console/people/add', { email: hostile, name: hostile, role: hostile });
    expect(bad.status).toBe(400);
    for (const html of [await (await admin.get('/console/people')).text(), await key.text(), await bad.text()]) {
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('API keys', () => {
  it('creates a key with its scopes, shows it once, and it works on /v1 with exactly those scopes', async () => {
    const res = await admin.post('/console/people/keys', { name: 'Status bot', scopes: ['read', 'incidents'], owner: 'admin@example.com' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('it is shown once');
    const key = /value="(hk_[A-Za-z0-9_-]+)"/.exec(html)![1]!;

    const stored = (await api.deps.store.apiKeys.list()).find((k) => k.name === 'Status bot')!;
    expect(stored).toMatchObject({ scopes: ['read', 'incidents'], owner: 'admin@example.com' });
    const list = await (await admin.get('/console/people')).text();
    expect(list).toContain(stored.prefix);
    expect(list).toContain('read, incidents');
    expect(list).not.toContain(key);

    expect((await v1(key)('GET', '/v1/incidents')).status).toBe(200);
    const refused = await v1(key)('GET', '/v1/subscribers');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { detail: string }).detail).toContain("'subscribers'");
    expect((await v1(key)('GET', '/v1/people')).status).toBe(403);
  });

  it('keeps the input and says why when the name or scopes are missing', async () => {
    const res = await admin.post('/console/people/keys', { name: '', owner: 'admin@example.com' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#field-key-name"');
    expect(html).toMatch(/class="field has-error">\s*<label for="field-key-name">/);
    const noScopes = await (await admin.post('/console/people/keys', { name: 'Kept key name' })).text();
    expect(noScopes).toContain('Choose at least one scope.');
    expect(noScopes).toContain('value="Kept key name"');
  });

  it('records last use at most once an hour, and shows it', async () => {
    const res = await admin.post('/console/people/keys', { name: 'Used key', scopes: ['read'] });
    const key = /value="(hk_[A-Za-z0-9_-]+)"/.exec(await res.text())![1]!;
    const lastUse = async () => (await api.deps.store.apiKeys.list()).find((k) => k.name === 'Used key')!.last_used_at ?? null;
    expect(await lastUse()).toBeNull();

    const first = api.clock.iso();
    await v1(key)('GET', '/v1/incidents');
    expect(await lastUse()).toBe(first);
    api.clock.advance(30 * 60_000); // past the authenticator's cache, within the hour
    await v1(key)('GET', '/v1/incidents');
    expect(await lastUse()).toBe(first);
    api.clock.advance(31 * 60_000);
    const later = api.clock.iso();
    await v1(key)('GET', '/v1/incidents');
    expect(await lastUse()).toBe(later);
    expect(await (await admin.get('/console/people')).text()).toContain(`<time datetime="${later}"`);
  });

  it('revokes a key after a confirmation: /v1 then answers 401', async () => {
    const res = await admin.post('/console/people/keys', { name: 'Doomed', scopes: ['read'] });
    const key = /value="(hk_[A-Za-z0-9_-]+)"/.exec(await res.text())![1]!;
    expect((await v1(key)('GET', '/v1/incidents')).status).toBe(200);
    const prefix = (await api.deps.store.apiKeys.list()).find((k) => k.name === 'Doomed')!.prefix;

    const confirm = await admin.get(`/console/people/keys/revoke?prefix=${prefix}`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Revoke the key Doomed?');
    const revoked = await admin.post('/console/people/keys/revoke', { prefix });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/console/people?done=revoked#api-keys');
    expect((await v1(key)('GET', '/v1/incidents')).status).toBe(401);
    expect(await (await admin.get('/console/people')).text()).toMatch(/Revoked <time/);
  });
});
