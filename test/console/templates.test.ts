// The console's Templates screens against DynamoDB Local, on the one test clock: list, create,
// edit (stale forms), delete, validation beside the field, who may change them, escaping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate } from '#app/templates/get-template';
import { createConsoleTestApi, signedInBrowser, type Browser, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
let admin: Browser;
let responder: Browser;
let viewer: Browser;
let apiComponent: string;
beforeAll(async () => {
  api = await createConsoleTestApi();
  admin = await signedInBrowser(api, 'admin@example.com', 'admin');
  responder = await signedInBrowser(api, 'ic@example.com', 'responder');
  viewer = await signedInBrowser(api, 'view@example.com', 'viewer');
  const res = await api.request('POST', '/v1/components', { name: 'Public API' });
  expect(res.status).toBe(201);
  apiComponent = ((await res.json()) as { id: string }).id;
});
afterAll(() => api.drop());

const fields = (overrides: Record<string, string> = {}) => ({
  name: 'Database failover',
  kind: 'incident',
  title: 'Degraded {{components}}',
  status: 'identified',
  severity: 'SEV2',
  body: 'We failed over the database at {{started_at}}.\n\nNext update by {{next_update_at}}.',
  [`component:${apiComponent}`]: 'partial_outage',
  notify: 'yes',
  ...overrides,
});

async function created(overrides: Record<string, string> = {}) {
  const res = await admin.post('/console/templates/new', fields(overrides));
  expect(res.status).toBe(303);
  const id = /^\/console\/templates\/([^?]+)\?done=created$/.exec(res.headers.get('location') ?? '')?.[1];
  expect(id).toBeTruthy();
  return id!;
}

describe('listing', () => {
  it('lists incident and maintenance templates (the shipped ones on first use) to anyone signed in', async () => {
    const res = await viewer.get('/console/templates');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Incident templates (');
    expect(html).toContain('Maintenance templates (');
    expect(html).toContain('href="/console/templates/seed-incident-investigating"');
    expect(html).not.toContain('New template'); // a viewer may not create
    expect(await (await admin.get('/console/templates')).text()).toContain('New template');
  });
});

describe('creating and editing', () => {
  it('creates a template from the form, with its components, target status, severity and notify default', async () => {
    const form = await admin.get('/console/templates/new');
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('data-preview="template-preview"');
    expect(page).toContain('{{next_update_at}}');
    expect(page).toContain(`name="component:${apiComponent}"`);

    const id = await created();
    const stored = await getTemplate(api.deps, id);
    expect(stored).toMatchObject({
      name: 'Database failover',
      kind: 'incident',
      title: 'Degraded {{components}}',
      status: 'identified',
      severity: 'SEV2',
      body: 'We failed over the database at {{started_at}}.\n\nNext update by {{next_update_at}}.',
      components: { [apiComponent]: 'partial_outage' },
      notify: true,
      version: 1,
    });
    const shown = await (await admin.get(`/console/templates/${id}?done=created`)).text();
    expect(shown).toContain('Template created.');
    expect(shown).toContain('value="Database failover"');
    expect(shown).toContain('<option value="partial_outage" selected="">');
    expect(shown).toContain('<p>We failed over the database at {{started_at}}.</p>'); // the server-rendered preview
    // /v1 sees the same template.
    expect(((await (await api.request('GET', `/v1/templates/${id}`)).json()) as { name: string }).name).toBe('Database failover');
  });

  it('saves an edit at the version it was opened at; unticking notify and clearing a component', async () => {
    const id = await created({ name: 'To edit' });
    const res = await admin.post(`/console/templates/${id}`, fields({ name: 'Edited', version: '1', notify: '', [`component:${apiComponent}`]: '' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/templates/${id}?done=saved`);
    expect(await getTemplate(api.deps, id)).toMatchObject({ name: 'Edited', notify: false, components: {}, version: 2 });
  });

  it('refuses a stale form: nothing saved, theirs shown, this input kept, and a save after that replaces theirs', async () => {
    const id = await created({ name: 'Shared' });
    // Someone else saves first (through /v1).
    const theirs = await api.request('PATCH', `/v1/templates/${id}`, { title: 'Their title' }, { 'if-match': '1' });
    expect(theirs.status).toBe(200);

    const res = await admin.post(`/console/templates/${id}`, fields({ name: 'Mine', title: 'My title', version: '1' }));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Someone else changed this template while you were editing');
    expect(html).toContain('<dd>Their title</dd>');
    expect(html).toContain('value="My title"');
    expect(html).toContain('value="Mine"');
    expect(html).toContain('name="version" value="2"');
    expect(await getTemplate(api.deps, id)).toMatchObject({ name: 'Shared', title: 'Their title', version: 2 });

    const again = await admin.post(`/console/templates/${id}`, fields({ name: 'Mine', title: 'My title', version: '2' }));
    expect(again.status).toBe(303);
    expect(await getTemplate(api.deps, id)).toMatchObject({ name: 'Mine', title: 'My title', version: 3 });
  });

  it('shows each invalid field beside it with the input kept, and saves nothing', async () => {
    const before = (await (await api.request('GET', '/v1/templates')).json()) as unknown[];
    const res = await admin.post('/console/templates/new', fields({ name: '  ', body: 'Hello {{customer}}', kind: 'maintenance', status: 'investigating' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(/id="error-name">a template needs a name</);
    expect(html).toMatch(/id="error-body">unknown placeholder\(s\): \{\{customer\}\}/);
    expect(html).toContain('id="error-status"');
    expect(html).toContain('id="error-severity"'); // maintenance has no severity
    expect(html).toContain('Hello {{customer}}</textarea>');
    expect(html).toContain('href="#field-name"');
    expect(((await (await api.request('GET', '/v1/templates')).json()) as unknown[]).length).toBe(before.length);

    const badComponent = await admin.post('/console/templates/new', fields({ [`component:${apiComponent}`]: 'on_fire' }));
    expect(badComponent.status).toBe(400);
    expect(await badComponent.text()).toContain('id="error-components"');
  });

  it('shows hostile text escaped in the list, the form and the preview', async () => {
    const hostile = '<script>alert(1)</script>';
    const id = await created({ name: hostile, title: hostile, body: `${hostile}\n\n<img src=x onerror=alert(1)>` });
    for (const path of ['/console/templates', `/console/templates/${id}`]) {
      const html = await (await admin.get(path)).text();
      expect(html, path).not.toContain('<script>alert(1)');
      expect(html, path).not.toContain('<img');
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const viewed = await (await viewer.get(`/console/templates/${id}`)).text();
    expect(viewed).not.toContain('<script>alert(1)');
    expect(viewed).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('deleting', () => {
  it('asks first, naming the template, then deletes it', async () => {
    const id = await created({ name: 'Short-lived' });
    const ask = await admin.get(`/console/templates/${id}/delete`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Delete the template “Short-lived”?');
    expect((await api.request('GET', `/v1/templates/${id}`)).status).toBe(200);

    const done = await admin.post(`/console/templates/${id}/delete`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/console/templates?done=deleted');
    expect((await api.request('GET', `/v1/templates/${id}`)).status).toBe(404);
    expect(await (await admin.get('/console/templates?done=deleted')).text()).toContain('Template deleted.');
    expect((await admin.get(`/console/templates/${id}`)).status).toBe(404);
  });
});

describe('who may change templates', () => {
  it('lets a responder or viewer read a template but not open a form or post: 403 saying why, nothing changed', async () => {
    const id = await created({ name: 'Guarded' });
    for (const browser of [responder, viewer]) {
      const read = await browser.get(`/console/templates/${id}`);
      expect(read.status).toBe(200);
      const html = await read.text();
      expect(html).toContain('<h1>Guarded</h1>');
      expect(html).toContain('Public API → Partial outage');
      expect(html).not.toContain('<form method="post" action="/console/templates/');
      for (const path of ['/console/templates/new', `/console/templates/${id}/delete`]) {
        const res = await browser.get(path);
        expect(res.status, path).toBe(403);
        expect(await res.text()).toContain('needs the admin role');
      }
      const posts = [
        await browser.post('/console/templates/new', fields({ name: 'Sneaky' })),
        await browser.post(`/console/templates/${id}`, fields({ name: 'Sneaky', version: '1' })),
        await browser.post(`/console/templates/${id}/delete`),
      ];
      expect(posts.map((r) => r.status)).toEqual([403, 403, 403]);
    }
    expect(await getTemplate(api.deps, id)).toMatchObject({ name: 'Guarded', version: 1 });
    const names = ((await (await api.request('GET', '/v1/templates')).json()) as Array<{ name: string }>).map((t) => t.name);
    expect(names).not.toContain('Sneaky');
  });
});
