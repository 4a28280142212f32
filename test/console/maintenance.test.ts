// The console's Maintenance screens against DynamoDB Local, on the one test clock (starts
// 2026-11-27T08:00Z): list, schedule, edit (stale forms refused), post an update, cancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTestApi, signedInBrowser, type Browser, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
let responder: Browser;
let viewer: Browser;
let database: string;
let cache: string;

interface Stored {
  id: string;
  title: string;
  status: string;
  version: number;
  updates: Array<{ message: string }>;
  components?: string[];
  component_ids?: string[];
}
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
const allWindows = () => json<Stored[]>(api.request('GET', '/v1/maintenances?state=all'));

beforeAll(async () => {
  api = await createConsoleTestApi();
  responder = await signedInBrowser(api, 'oncall@example.com', 'responder');
  viewer = await signedInBrowser(api, 'watcher@example.com', 'viewer');
  database = (await json<{ id: string }>(api.request('POST', '/v1/components', { name: 'Database' }))).id;
  cache = (await json<{ id: string }>(api.request('POST', '/v1/components', { name: 'Cache', group_name: 'Storage' }))).id;
});
afterAll(() => api.drop());

const window = (fields: Record<string, string | string[]> = {}) => ({
  title: 'Database upgrade',
  scheduled_for: '2026-11-28T14:00',
  scheduled_until: '2026-11-28T15:30',
  components: [database],
  auto_transition: 'on',
  notify: 'on',
  message: 'We will upgrade the **database**.',
  ...fields,
});

async function schedule(fields: Record<string, string | string[]> = {}): Promise<string> {
  const res = await responder.post('/console/maintenance', window(fields));
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/console\/maintenance\/[^/?]+\?done=scheduled$/);
  return location.split('/')[3]!.split('?')[0]!;
}

async function stored(id: string): Promise<Stored> {
  return (await allWindows()).find((m) => m.id === id)!;
}

describe('scheduling', () => {
  it('schedules a window from the form (times read as UTC) and shows it as upcoming', async () => {
    const id = await schedule();
    const m = await stored(id);
    expect(m).toMatchObject({
      title: 'Database upgrade',
      status: 'scheduled',
      scheduled_for: '2026-11-28T14:00:00.000Z',
      scheduled_until: '2026-11-28T15:30:00.000Z',
      auto_transition: true,
    });
    expect(m.components ?? m.component_ids).toEqual([database]);
    const page = await (await responder.get(`/console/maintenance/${id}?done=scheduled`)).text();
    expect(page).toContain('Maintenance scheduled.');
    expect(page).toContain('<strong>database</strong>');
    expect(page).toContain('28 Nov 14:00 UTC');
    const list = await (await responder.get('/console/maintenance')).text();
    const upcoming = list.slice(list.indexOf('id="upcoming"'), list.indexOf('id="completed"'));
    expect(upcoming).toContain(`/console/maintenance/${id}`);
  });

  it('the form labels its times UTC, offers the components and previews the message', async () => {
    const html = await (await responder.get('/console/maintenance/new')).text();
    expect(html).toContain('Starts (UTC)');
    expect(html).toContain('type="datetime-local"');
    expect(html).toContain(`value="${cache}"`);
    expect(html).toContain('Storage › Cache');
    expect(html).toMatch(/<textarea[^>]*data-preview="preview-message"/);
  });

  it('shows errors beside their fields and keeps what was typed (nothing stored)', async () => {
    const before = (await allWindows()).length;
    const res = await responder.post('/console/maintenance', window({ title: '', scheduled_for: 'tomorrow', message: 'Kept *message*' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(/<p class="field-error" id="error-title">/);
    expect(html).toContain('id="error-scheduled_for">enter a date and time (UTC)');
    expect(html).toContain('value="tomorrow"');
    expect(html).toContain('value="2026-11-28T15:30"');
    expect(html).toContain('Kept *message*</textarea>');
    expect(html).toMatch(new RegExp(`value="${database}" checked`));
    expect((await allWindows()).length).toBe(before);
  });

  it('says an end before the start beside the end', async () => {
    const res = await responder.post('/console/maintenance', window({ scheduled_until: '2026-11-28T13:00' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="error-scheduled_until">must be later than scheduled_for/);
  });
});

describe('editing', () => {
  it('saves a changed title and end, carrying the version', async () => {
    const id = await schedule();
    const page = await (await responder.get(`/console/maintenance/${id}`)).text();
    expect(page).toContain('name="version" value="1"');
    const res = await responder.post(`/console/maintenance/${id}`, { ...window({ title: 'Database upgrade, part 1', scheduled_until: '2026-11-28T16:00' }), version: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/maintenance/${id}?done=edited`);
    expect(await stored(id)).toMatchObject({ title: 'Database upgrade, part 1', scheduled_until: '2026-11-28T16:00:00.000Z', version: 2 });
  });

  it('a stale form says someone else changed it, shows what is stored and keeps the input, saving nothing', async () => {
    const id = await schedule();
    const other = await api.request('PATCH', `/v1/maintenances/${id}`, { title: 'Renamed by someone else' }, { 'if-match': '"1"' });
    expect(other.status).toBe(200);
    const res = await responder.post(`/console/maintenance/${id}`, { ...window({ title: 'My own title' }), version: '1' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Someone else changed this window since you opened it');
    expect(html).toContain('Renamed by someone else');
    expect(html).toContain('value="My own title"');
    expect(html).toContain('name="version" value="2"');
    expect((await stored(id)).title).toBe('Renamed by someone else');
  });
});

describe('updates and cancelling', () => {
  it('posts an update that starts the window (its components go under maintenance)', async () => {
    const id = await schedule({ components: [cache] });
    const res = await responder.post(`/console/maintenance/${id}/updates`, { status: 'in_progress', message: 'Started.', notify: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/maintenance/${id}?done=updated`);
    expect((await stored(id)).status).toBe('in_progress');
    const components = await json<Array<{ id: string; status: string }>>(api.request('GET', '/v1/components'));
    expect(components.find((x) => x.id === cache)!.status).toBe('under_maintenance');
    const list = await (await responder.get('/console/maintenance')).text();
    expect(list.slice(list.indexOf('id="in-progress"'), list.indexOf('id="upcoming"'))).toContain(`/console/maintenance/${id}`);
    // Backwards is refused beside the status, with the message kept.
    const back = await responder.post(`/console/maintenance/${id}/updates`, { status: 'scheduled', message: 'Oops, back' });
    expect(back.status).toBe(409);
    const html = await back.text();
    expect(html).toContain('id="error-status"');
    expect(html).toContain('Oops, back</textarea>');
    await responder.post(`/console/maintenance/${id}/updates`, { status: 'completed', message: 'Done.' });
  });

  it('an empty update message is shown beside the field', async () => {
    const id = await schedule();
    const res = await responder.post(`/console/maintenance/${id}/updates`, { status: 'scheduled', message: '  ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="error-message"');
    expect((await stored(id)).updates.length).toBe(1);
  });

  it('cancels a scheduled window only after a confirmation, and lists it as cancelled', async () => {
    const id = await schedule({ title: 'To be cancelled' });
    const confirm = await responder.get(`/console/maintenance/${id}/cancel`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Cancel this maintenance?');
    expect(html).toContain('This maintenance has been cancelled.');
    expect((await stored(id)).status).toBe('scheduled');
    const res = await responder.post(`/console/maintenance/${id}/cancel`, { message: 'Not needed after all.', notify: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/maintenance/${id}?done=cancelled`);
    const m = await stored(id);
    expect(m.status).toBe('completed');
    expect(m.updates.at(-1)!.message).toBe('Not needed after all.');
    expect((m as { cancelled_at?: string | null }).cancelled_at).toBe(api.clock.iso());
    const list = await (await responder.get('/console/maintenance')).text();
    const completed = list.slice(list.indexOf('id="completed"'));
    expect(completed).toContain('To be cancelled');
    expect(completed).toContain('Cancelled');
  });

  it('refuses to cancel a window that has started', async () => {
    const id = await schedule({ components: [] });
    await responder.post(`/console/maintenance/${id}/updates`, { status: 'in_progress', message: 'Started.' });
    expect((await responder.get(`/console/maintenance/${id}/cancel`)).status).toBe(409);
    const res = await responder.post(`/console/maintenance/${id}/cancel`, { message: 'Cancel?' });
    expect(res.status).toBe(409);
    expect((await stored(id)).status).toBe('in_progress');
    await responder.post(`/console/maintenance/${id}/updates`, { status: 'completed', message: 'Done.' });
  });
});

describe('permissions and escaping', () => {
  it('a viewer reads without forms and is refused with 403 on every change', async () => {
    const id = await schedule({ title: 'Viewer sees this' });
    const list = await (await viewer.get('/console/maintenance')).text();
    expect(list).toContain('Viewer sees this');
    expect(list).not.toContain('/console/maintenance/new');
    const page = await (await viewer.get(`/console/maintenance/${id}`)).text();
    expect(page).toContain('Viewer sees this');
    expect(page).not.toContain('<form method="post" action="/console/maintenance/');
    expect((await viewer.get('/console/maintenance/new')).status).toBe(403);
    expect((await viewer.get(`/console/maintenance/${id}/cancel`)).status).toBe(403);
    const posts = [
      await viewer.post('/console/maintenance', window({ title: 'Viewer window' })),
      await viewer.post(`/console/maintenance/${id}`, { ...window({ title: 'Viewer edit' }), version: '1' }),
      await viewer.post(`/console/maintenance/${id}/updates`, { status: 'in_progress', message: 'Viewer update' }),
      await viewer.post(`/console/maintenance/${id}/cancel`, { message: 'Viewer cancel' }),
    ];
    for (const res of posts) {
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('it needs the responder role');
    }
    const m = await stored(id);
    expect(m).toMatchObject({ title: 'Viewer sees this', status: 'scheduled', version: 1 });
    expect((await allWindows()).some((x) => x.title === 'Viewer window')).toBe(false);
  });

  it('shows hostile text escaped, in the list, the page and a re-rendered form', async () => {
    const hostile = '<script>alert(1)</script>';
    const id = await schedule({ title: `T ${hostile}`, message: `M ${hostile}` });
    for (const path of ['/console/maintenance', `/console/maintenance/${id}`]) {
      const html = await (await responder.get(path)).text();
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const bad = await responder.post('/console/maintenance', window({ title: hostile, scheduled_for: hostile, scheduled_until: hostile, message: hostile, components: [hostile] }));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
