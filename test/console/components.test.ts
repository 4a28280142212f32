// The console's Components screen against DynamoDB Local, on the one test clock: list, create,
// rename/describe/group (stale forms refused), reorder, delete after a confirmation naming the
// incidents and windows that refer to the component. Admins change; everyone else reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentReferences } from '#app/components/component-references';
import { createConsoleTestApi, signedInBrowser, type Browser, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
let admin: Browser;
let responder: Browser;
let viewer: Browser;

interface Stored {
  id: string;
  name: string;
  description: string | null;
  is_group: boolean;
  group_name: string | null;
  status: string;
  position: number;
  version: number;
}
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
const components = () => json<Stored[]>(api.request('GET', '/v1/components'));
const byName = async (name: string) => (await components()).find((x) => x.name === name);
const create = async (body: Record<string, unknown>) => (await json<Stored>(api.request('POST', '/v1/components', body))).id;

beforeAll(async () => {
  api = await createConsoleTestApi();
  admin = await signedInBrowser(api, 'admin@example.com', 'admin');
  responder = await signedInBrowser(api, 'oncall@example.com', 'responder');
  viewer = await signedInBrowser(api, 'watcher@example.com', 'viewer');
});
afterAll(() => api.drop());

describe('listing and creating', () => {
  it('creates a component in a new group, and lists groups before their components with status and description', async () => {
    const res = await admin.post('/console/components', { name: 'API', description: 'The public REST API', group_name: '', new_group: 'Core' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/components?done=created');
    expect(await byName('API')).toMatchObject({ description: 'The public REST API', group_name: 'Core', status: 'operational' });
    expect(await byName('Core')).toMatchObject({ is_group: true });
    const second = await admin.post('/console/components', { name: 'Website', description: '', group_name: 'Core', new_group: '' });
    expect(second.status).toBe(303);
    expect(await byName('Website')).toMatchObject({ description: null, group_name: 'Core' });
    const html = await (await admin.get('/console/components?done=created')).text();
    expect(html).toContain('Component created.');
    const [group, api_, website] = ['Group: </span><strong>Core</strong>', 'API', 'Website'].map((s) => html.indexOf(s)) as [number, number, number];
    expect(group).toBeGreaterThan(0);
    expect(api_).toBeGreaterThan(group);
    expect(website).toBeGreaterThan(api_);
    expect(html).toContain('The public REST API');
    expect(html).toContain('Operational');
    expect(html).toContain('<option value="Core"');
  });

  it('shows a missing name beside the field with the input kept, and a taken name beside the name', async () => {
    const before = (await components()).length;
    const res = await admin.post('/console/components', { name: '', description: 'Kept description', group_name: 'Core', new_group: '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(/<p class="field-error" id="error-name">/);
    expect(html).toContain('Kept description</textarea>');
    expect(html).toMatch(/<option value="Core" selected/);
    const taken = await admin.post('/console/components', { name: 'API', description: '', group_name: 'Core', new_group: '' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toMatch(/id="error-name">A component named &quot;API&quot; already exists/);
    expect((await components()).length).toBe(before);
  });
});

describe('editing', () => {
  it('renames, describes and moves a component to another group, carrying the version', async () => {
    const id = await create({ name: 'Queue' });
    const page = await (await admin.get(`/console/components/${id}`)).text();
    expect(page).toContain('name="version" value="1"');
    const res = await admin.post(`/console/components/${id}`, { name: 'Job queue', description: 'Background jobs', group_name: '', new_group: 'Workers', version: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/components/${id}?done=saved`);
    expect(await byName('Job queue')).toMatchObject({ id, description: 'Background jobs', group_name: 'Workers', version: 2 });
    // Out of its group again.
    await admin.post(`/console/components/${id}`, { name: 'Job queue', description: 'Background jobs', group_name: '', new_group: '', version: '2' });
    expect(await byName('Job queue')).toMatchObject({ group_name: null, version: 3 });
  });

  it('a stale form says someone else changed it, shows both and keeps the input, saving nothing', async () => {
    const id = await create({ name: 'Search' });
    const other = await api.request('PATCH', `/v1/components/${id}`, { name: 'Search (renamed)' }, { 'if-match': '"1"' });
    expect(other.status).toBe(200);
    const res = await admin.post(`/console/components/${id}`, { name: 'My search', description: 'Mine', group_name: '', new_group: '', version: '1' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Someone else changed this component since you opened it');
    expect(html).toContain('Search (renamed)');
    expect(html).toContain('value="My search"');
    expect(html).toContain('Mine</textarea>');
    expect(html).toContain('name="version" value="2"');
    expect((await components()).find((x) => x.id === id)).toMatchObject({ name: 'Search (renamed)', description: null });
  });
});

describe('reordering', () => {
  it('moves a component up or down among its group, with plain forms', async () => {
    const ids = [];
    for (const name of ['One', 'Two', 'Three']) ids.push(await create({ name, group_name: 'Ordered' }));
    const order = async () => (await components()).filter((x) => x.group_name === 'Ordered').map((x) => x.name);
    expect(await order()).toEqual(['One', 'Two', 'Three']);
    const html = await (await admin.get('/console/components')).text();
    expect(html).toContain(`action="/console/components/${ids[2]}/move"`);
    expect(html).toContain('aria-label="Move Three up"');
    expect(html).not.toContain('aria-label="Move Three down"');
    expect(html).not.toContain('aria-label="Move One up"');
    const res = await admin.post(`/console/components/${ids[2]}/move`, { direction: 'up' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/components?done=moved');
    expect(await order()).toEqual(['One', 'Three', 'Two']);
    await admin.post(`/console/components/${ids[0]}/move`, { direction: 'down' });
    expect(await order()).toEqual(['Three', 'One', 'Two']);
    await admin.post(`/console/components/${ids[2]}/move`, { direction: 'up' }); // first already: stays
    expect(await order()).toEqual(['Three', 'One', 'Two']);
    expect((await admin.post(`/console/components/${ids[2]}/move`, { direction: 'sideways' })).status).toBe(400);
  });
});

describe('deleting', () => {
  it('asks first, naming the incidents and the windows that refer to it, then deletes', async () => {
    const id = await create({ name: 'Payments' });
    const other = await create({ name: 'Unrelated' });
    const declared = await json<{ id: string }>(
      api.request('POST', '/v1/incidents', { title: 'Payments failing', severity: 'SEV2', message: 'Looking.', components: { [id]: 'major_outage' } }),
    );
    await api.request('POST', '/v1/incidents', { title: 'Something else', severity: 'SEV3', message: 'Looking.', components: { [other]: 'degraded_performance' } });
    await api.request('POST', '/v1/maintenances', {
      title: 'Payments provider switch',
      message: 'Switching.',
      scheduled_for: '2026-12-01T10:00:00Z',
      scheduled_until: '2026-12-01T11:00:00Z',
      components: [id],
    });
    const confirm = await admin.get(`/console/components/${id}/delete`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Delete the component “Payments”?');
    expect(html).toContain('Incidents that name it (1)');
    expect(html).toContain(`<a href="/console/incidents/${declared.id}">Payments failing</a>`);
    expect(html).not.toContain('Something else');
    expect(html).toContain('Payments provider switch');
    expect(await byName('Payments')).toBeDefined();
    const res = await admin.post(`/console/components/${id}/delete`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/components?done=deleted');
    expect(await byName('Payments')).toBeUndefined();
    const none = await (await admin.get(`/console/components/${other}/delete`)).text();
    expect(none).toContain('Incidents that name it (1)');
  });

  it('says no incident names a component that none did', async () => {
    const id = await create({ name: 'Quiet' });
    const html = await (await admin.get(`/console/components/${id}/delete`)).text();
    expect(html).toContain('Incidents that name it (0)');
    expect(html).toContain('No incident names it');
  });

  it('will not delete a group that still holds components (409), and says so on the confirmation', async () => {
    const group = (await byName('Ordered'))!;
    const html = await (await admin.get(`/console/components/${group.id}/delete`)).text();
    expect(html).toContain('This group still holds Three, One, Two: move or delete them first.');
    expect(html).not.toContain('Delete “Ordered”</button>');
    const res = await admin.post(`/console/components/${group.id}/delete`);
    expect(res.status).toBe(409);
    expect(await byName('Ordered')).toBeDefined();
  });
});

describe('permissions and escaping', () => {
  it('responders and viewers read without forms; each change is refused with 403 and changes nothing', async () => {
    const id = await create({ name: 'Guarded', description: 'Read me' });
    for (const person of [responder, viewer]) {
      const list = await (await person.get('/console/components')).text();
      expect(list).toContain('Guarded');
      expect(list).toContain('Read me');
      expect(list).not.toContain('<form method="post" action="/console/components');
      const page = await person.get(`/console/components/${id}`);
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain(`action="/console/components/${id}"`);
      expect((await person.get(`/console/components/${id}/delete`)).status).toBe(403);
      const posts = [
        await person.post('/console/components', { name: 'Sneaky', description: '', group_name: '', new_group: '' }),
        await person.post(`/console/components/${id}`, { name: 'Renamed', description: '', group_name: '', new_group: '', version: '1' }),
        await person.post(`/console/components/${id}/move`, { direction: 'up' }),
        await person.post(`/console/components/${id}/delete`),
      ];
      for (const res of posts) {
        expect(res.status).toBe(403);
        expect(await res.text()).toContain('it needs the admin role');
      }
    }
    expect((await components()).find((x) => x.id === id)).toMatchObject({ name: 'Guarded', version: 1 });
    expect(await byName('Sneaky')).toBeUndefined();
  });

  it('shows hostile text escaped in the list, the edit page, the confirmation and a re-rendered form', async () => {
    const hostile = '<script>alert(1)</script>';
    const id = await create({ name: `N ${hostile}`, description: `D ${hostile}`, group_name: `G ${hostile}` });
    await api.request('POST', '/v1/incidents', { title: `I ${hostile}`, severity: 'SEV3', message: 'x', components: { [id]: 'degraded_performance' } });
    for (const path of ['/console/components', `/console/components/${id}`, `/console/components/${id}/delete`]) {
      const html = await (await admin.get(path)).text();
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const bad = await admin.post('/console/components', { name: '', description: hostile, group_name: hostile, new_group: hostile.repeat(20) });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="error-new_group"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('which incidents refer to a component (componentReferences)', () => {
  it('reads the last 24 UTC months of incidents and says when older ones were left unread', async () => {
    const id = await create({ name: 'Legacy' });
    const now = api.clock.iso();
    api.setNow('2024-10-15T09:00:00.000Z');
    await api.request('POST', '/v1/incidents', { title: 'Old outage', severity: 'SEV2', message: 'Old.', components: { [id]: 'major_outage' } });
    api.setNow('2025-01-10T09:00:00.000Z');
    await api.request('POST', '/v1/incidents', { title: 'Within the window', severity: 'SEV2', message: 'Newer.', components: { [id]: 'major_outage' } });
    api.setNow(now);
    const refs = await componentReferences(api.deps, id);
    expect(refs.incidents.map((i) => i.title)).toEqual(['Within the window']);
    expect(refs).toMatchObject({ since_month: '2024-12', complete: false });
    const html = await (await admin.get(`/console/components/${id}/delete`)).text();
    expect(html).toContain('Incidents declared before 2024-12 were not checked.');
    expect((await componentReferences(api.deps, id, 30)).incidents.map((i) => i.title)).toEqual(['Within the window', 'Old outage']);
  });
});

describe('the same on /v1', () => {
  it('GET /v1/components/{id}/references and POST /v1/components/{id}/move, documented in the OpenAPI document', async () => {
    const id = await create({ name: 'Referred' });
    const declared = await json<{ id: string }>(api.request('POST', '/v1/incidents', { title: 'Referring', severity: 'SEV3', message: 'x', components: { [id]: 'degraded_performance' } }));
    const refs = await api.request('GET', `/v1/components/${id}/references`);
    expect(refs.status).toBe(200);
    expect(await refs.json()).toMatchObject({ incidents: [{ id: declared.id, title: 'Referring' }], maintenances: [] });
    expect((await api.request('GET', '/v1/components/nosuchthing/references')).status).toBe(404);
    const a = await create({ name: 'First', group_name: 'V1 order' });
    const b = await create({ name: 'Second', group_name: 'V1 order' });
    const moved = await api.request('POST', `/v1/components/${b}/move`, { direction: 'up' });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({ moved: true });
    expect((await components()).filter((x) => x.group_name === 'V1 order').map((x) => x.id)).toEqual([b, a]);
    expect(await json(api.request('POST', `/v1/components/${b}/move`, { direction: 'up' }))).toEqual({ moved: false });
    expect((await api.request('POST', `/v1/components/${b}/move`, { direction: 'left' })).status).toBe(400);
    const doc = await json<{ paths: Record<string, unknown> }>(api.request('GET', '/v1/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/components/{id}/references', '/v1/components/{id}/move']));
  });
});
