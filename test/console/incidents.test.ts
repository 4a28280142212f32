// The console's incident screens against DynamoDB Local, on the one test clock: the list, Declare
// (template, validation, double submit), Incident (updates through the resolve gate, a stale form,
// internal notes, severity and roles, the postmortem), hostile text, and a viewer refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTestApi, signedInBrowser, type Browser, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
let ic: Browser;
let viewer: Browser;
let checkout: { id: string; name: string };
let search: { id: string; name: string };

const HOSTILE = '<script>alert(1)</script>';

beforeAll(async () => {
  api = await createConsoleTestApi();
  api.setNow('2026-12-03T09:00:00.000Z');
  ic = await signedInBrowser(api, 'ic@example.com', 'responder');
  viewer = await signedInBrowser(api, 'watcher@example.com', 'viewer');
  checkout = (await (await api.request('POST', '/v1/components', { name: 'Checkout' })).json()) as { id: string; name: string };
  search = (await (await api.request('POST', '/v1/components', { name: 'Search' })).json()) as { id: string; name: string };
});
afterAll(() => api.drop());

/** The value of a hidden (or any) input named `name` in the page. */
function valueOf(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no input ${name}`);
  return match[1]!;
}

async function v1Incident(id: string) {
  return (await (await api.request('GET', `/v1/incidents/${id}`)).json()) as {
    id: string;
    title: string;
    severity: string;
    status: string;
    version: number;
    roles: Record<string, string | null>;
    updates: Array<{ status: string; message: string; notify: boolean; posted_by: string | null; component_changes: Array<{ id: string; new_status: string }> }>;
  };
}

async function componentStatus(id: string): Promise<string> {
  const all = (await (await api.request('GET', '/v1/components')).json()) as Array<{ id: string; status: string }>;
  return all.find((c) => c.id === id)!.status;
}

/** Declares through the console's form; answers the new incident's id. */
async function declare(fields: Record<string, string>): Promise<string> {
  const form = await (await ic.get('/console/incidents/new')).text();
  const res = await ic.post('/console/incidents/new', { form_token: valueOf(form, 'form_token'), severity: 'SEV2', message: 'Looking into it.', notify: 'yes', action: 'declare', ...fields });
  expect(res.status).toBe(303);
  const id = /\/console\/incidents\/([^?]+)\?done=declared/.exec(res.headers.get('location') ?? '')?.[1];
  expect(id).toBeTruthy();
  return decodeURIComponent(id!);
}

describe('Declare', () => {
  it('mails subscribers by default as the severity says: SEV2 yes, SEV4 (no user impact) no; a choice wins', async () => {
    const form = await (await ic.get('/console/incidents/new')).text();
    expect(form).toContain('not for SEV4 (no user impact)');
    const sev2 = await declare({ title: 'Default mail SEV2', severity: 'SEV2', notify: '' });
    const sev4 = await declare({ title: 'Default mail SEV4', severity: 'SEV4', notify: '' });
    const sev4Yes = await declare({ title: 'Chosen mail SEV4', severity: 'SEV4', notify: 'yes' });
    expect((await v1Incident(sev2)).updates[0]!.notify).toBe(true);
    expect((await v1Incident(sev4)).updates[0]!.notify).toBe(false);
    expect((await v1Incident(sev4Yes)).updates[0]!.notify).toBe(true);
  });

  it('fills every field from a template (GET ?template=ID), then declares with them', async () => {
    // Prepare: an incident template that presets a severity, a component's status and no mail
    const template = (await (
      await api.request('POST', '/v1/templates', {
        name: 'Checkout down',
        kind: 'incident',
        title: 'Checkout is failing',
        status: 'identified',
        body: 'Payments fail on {{components}}.',
        components: { [checkout.id]: 'major_outage' },
        severity: 'SEV1',
        notify: false,
      })
    ).json()) as { id: string };

    // Act
    const res = await ic.get(`/console/incidents/new?template=${template.id}`);

    // Assess: the form is filled
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('value="Checkout is failing"');
    expect(html).toMatch(/<input type="radio" id="severity-SEV1" name="severity" value="SEV1" checked/);
    expect(html).toMatch(new RegExp(`name="component\\.${checkout.id}">(?:(?!</select>).)*<option value="major_outage" selected`, 's'));
    expect(html).toMatch(/<option value="identified" selected/);
    expect(html).toContain('Payments fail on Checkout (major outage).');
    expect(html).toMatch(/name="notify">(?:(?!<\/select>).)*<option value="no" selected/s);
    expect(html).toContain('complete outage, data loss, security breach'); // SEV1's meaning
    expect(html).toContain('public update every 30 min'); // SEV1's cadence

    // Act: post what the template filled
    const posted = await ic.post('/console/incidents/new', {
      form_token: valueOf(html, 'form_token'),
      template: template.id,
      title: 'Checkout is failing',
      severity: 'SEV1',
      status: 'identified',
      [`component.${checkout.id}`]: 'major_outage',
      [`component.${search.id}`]: '',
      message: 'Payments fail on Checkout (major outage).',
      notify: 'no', // what the template chose, selected in the form
      action: 'declare',
    });

    // Assess: declared as the template said, by the person
    expect(posted.status).toBe(303);
    const id = decodeURIComponent(/incidents\/([^?]+)/.exec(posted.headers.get('location')!)![1]!);
    const incident = await v1Incident(id);
    expect(incident).toMatchObject({ title: 'Checkout is failing', severity: 'SEV1', status: 'identified' });
    expect(incident.updates[0]).toMatchObject({ notify: false, posted_by: 'ic@example.com', component_changes: [{ id: checkout.id, new_status: 'major_outage' }] });
    expect(await componentStatus(search.id)).toBe('operational');
    await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.', restore_components: true });
  });

  it('shows a missing title beside its field, keeping what was typed, and declares nothing', async () => {
    const before = ((await (await api.request('GET', '/v1/incidents?state=open')).json()) as unknown[]).length;
    const form = await (await ic.get('/console/incidents/new')).text();
    const res = await ic.post('/console/incidents/new', { form_token: valueOf(form, 'form_token'), title: '', severity: 'SEV3', message: 'Kept **text**', next_update_at: 'soon', action: 'declare' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<div class="field has-error"><label for="field-title">Title<\/label>(?:(?!<\/div>).)*class="field-error" id="error-title">required</s);
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('Kept **text**</textarea>');
    expect(html).toMatch(/id="severity-SEV3" name="severity" value="SEV3" checked/);
    expect(html).toContain('id="error-next_update_at"');
    expect(((await (await api.request('GET', '/v1/incidents?state=open')).json()) as unknown[]).length).toBe(before);
  });

  it('shows the preview without the script (the Preview button), rendered by the one sanitizer', async () => {
    const form = await (await ic.get('/console/incidents/new')).text();
    const res = await ic.post('/console/incidents/new', { form_token: valueOf(form, 'form_token'), title: 'x', message: `**Bold** ${HOSTILE}`, action: 'preview' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/id="declare-preview"[^>]*>(?:(?!<\/div>).)*<strong>Bold<\/strong>/s);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(valueOf(html, 'form_token')).toBe(valueOf(form, 'form_token'));
  });

  it('declares once for two submits of the same form, both landing on the same incident', async () => {
    const form = await (await ic.get('/console/incidents/new')).text();
    const fields = { form_token: valueOf(form, 'form_token'), title: 'Twice-pressed button', severity: 'SEV3', message: 'Once.', action: 'declare' };
    const [first, second] = await Promise.all([ic.post('/console/incidents/new', fields), ic.post('/console/incidents/new', fields)]);
    const third = await ic.post('/console/incidents/new', fields);
    expect([first.status, second.status, third.status]).toEqual([303, 303, 303]);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(third.headers.get('location')).toBe(first.headers.get('location'));
    const open = (await (await api.request('GET', '/v1/incidents?state=open')).json()) as Array<{ title: string }>;
    expect(open.filter((i) => i.title === 'Twice-pressed button')).toHaveLength(1);
  });
});

describe('Incident', () => {
  it('posts identified → monitoring → resolved, the resolve gate warning first and restoring components when asked', async () => {
    const id = await declare({ title: 'Search is slow', severity: 'SEV2', [`component.${search.id}`]: 'degraded_performance' });
    const post = async (fields: Record<string, string>) => {
      const page = await (await ic.get(`/console/incidents/${id}`)).text();
      return ic.post(`/console/incidents/${id}/updates`, { version: valueOf(page, 'version'), seen: valueOf(page, 'seen'), action: 'post', ...fields });
    };

    api.clock.advance(10 * 60_000);
    expect((await post({ status: 'identified', message: 'An index is rebuilding.' })).status).toBe(303);
    api.clock.advance(5 * 60_000);
    expect((await post({ status: 'monitoring', message: 'Rebuilt; watching.', next_update_at: '2026-12-03T10:00' })).status).toBe(303);
    expect((await v1Incident(id)).updates.at(-1)).toMatchObject({ status: 'monitoring' });
    api.clock.advance(5 * 60_000);

    // Act: resolve after 5 minutes in monitoring, Search still degraded
    const gated = await post({ status: 'resolved', message: 'Resolved.' });

    // Assess: nothing posted; both warnings, the restore offer, the text kept
    expect(gated.status).toBe(200);
    const html = await gated.text();
    expect(html).toContain('id="resolve-gate"');
    expect(html).toContain('Closed after 5 minutes in monitoring, fewer than 30');
    expect(html).toContain('still not operational: Search (degraded_performance)');
    expect(html).toContain('Restore these components to operational in this update: Search');
    expect(html).toContain('Resolved.</textarea>');
    expect(valueOf(html, 'gate')).toBe('confirmed');
    expect((await v1Incident(id)).status).toBe('monitoring');

    // Act: confirm, restoring the components
    const confirmed = await ic.post(`/console/incidents/${id}/updates`, {
      version: valueOf(html, 'version'),
      seen: valueOf(html, 'seen'),
      gate: 'confirmed',
      status: 'resolved',
      message: 'Resolved.',
      restore_components: 'yes',
      action: 'post',
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`/console/incidents/${id}?done=update`);
    const incident = await v1Incident(id);
    expect(incident.status).toBe('resolved');
    expect(incident.updates.map((u) => u.status)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(incident.updates.every((u) => u.posted_by === 'ic@example.com')).toBe(true);
    expect(await componentStatus(search.id)).toBe('operational');
    expect(await (await ic.get(`/console/incidents/${id}?done=update`)).text()).toContain('Update posted.');
  });

  it('re-renders a stale update form saying so, with the updates posted since and the text kept, posting nothing', async () => {
    const id = await declare({ title: 'Login errors' });
    const page = await (await ic.get(`/console/incidents/${id}`)).text();
    await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'identified', message: 'A colleague found the cause.' });

    const res = await ic.post(`/console/incidents/${id}/updates`, { version: valueOf(page, 'version'), seen: valueOf(page, 'seen'), status: 'investigating', message: 'My own words.', action: 'post' });

    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Someone else changed this incident since you opened this form.');
    expect(html).toMatch(/Posted since<\/h3>(?:(?!<\/ol>).)*A colleague found the cause\./s);
    expect(html).toContain('My own words.</textarea>');
    const incident = await v1Incident(id);
    expect(incident.updates.map((u) => u.message)).toEqual(['Looking into it.', 'A colleague found the cause.']);
    expect(valueOf(html, 'version')).toBe(String(incident.version));

    // The re-rendered form posts
    const again = await ic.post(`/console/incidents/${id}/updates`, { version: valueOf(html, 'version'), seen: valueOf(html, 'seen'), status: 'identified', message: 'My own words.', action: 'post' });
    expect(again.status).toBe(303);
    expect((await v1Incident(id)).updates.at(-1)!.message).toBe('My own words.');
  });

  it('refuses a move the lifecycle forbids beside the status (409), and warns before a follow-up that mails nobody', async () => {
    const id = await declare({ title: 'Closed already' });
    await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
    const page = await (await ic.get(`/console/incidents/${id}`)).text();
    const base = { version: valueOf(page, 'version'), seen: valueOf(page, 'seen'), action: 'post' };

    const forbidden = await ic.post(`/console/incidents/${id}/updates`, { ...base, status: 'identified', message: 'Back again?' });
    expect(forbidden.status).toBe(409);
    expect(await forbidden.text()).toMatch(/id="error-status">A resolved incident can only be reopened/);

    const addendum = await ic.post(`/console/incidents/${id}/updates`, { ...base, status: 'resolved', message: 'Root cause: a certificate.' });
    expect(addendum.status).toBe(200);
    const html = await addendum.text();
    expect(html).toContain('This follow-up on a resolved incident notifies nobody');
    expect((await v1Incident(id)).updates).toHaveLength(2);

    const mailed = await ic.post(`/console/incidents/${id}/updates`, { ...base, gate: valueOf(html, 'gate'), status: 'resolved', notify: 'yes', message: 'Root cause: a certificate.' });
    expect(mailed.status).toBe(303);
    expect((await v1Incident(id)).updates.at(-1)).toMatchObject({ status: 'resolved', notify: true, message: 'Root cause: a certificate.' });
  });

  it('/v1 posts an update only onto the version named by If-Match (412 otherwise), as the console does', async () => {
    const id = await declare({ title: 'If-Match on updates' });
    const { version } = await v1Incident(id);
    const stale = await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'identified', message: 'Stale.' }, { 'if-match': `"${version - 1}"` });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const fresh = await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'identified', message: 'Fresh.' }, { 'if-match': `"${version}"` });
    expect(fresh.status).toBe(201);
    expect((await v1Incident(id)).updates.map((u) => u.message)).toEqual(['Looking into it.', 'Fresh.']);
    const spec = (await (await api.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(spec.paths['/v1/incidents/{id}/updates']!.post!.responses)).toContain('412');
  });

  it('shows an update without a message beside its field (400), posting nothing', async () => {
    const id = await declare({ title: 'Empty update' });
    const page = await (await ic.get(`/console/incidents/${id}`)).text();
    const res = await ic.post(`/console/incidents/${id}/updates`, { version: valueOf(page, 'version'), seen: valueOf(page, 'seen'), status: 'identified', message: '  ', action: 'post' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="error-message">required');
    expect((await v1Incident(id)).updates).toHaveLength(1);
  });

  it('keeps an internal note off the public updates, showing it in the timeline with its author', async () => {
    const id = await declare({ title: 'Queue backlog' });
    const res = await ic.post(`/console/incidents/${id}/notes`, { note: `Paged the DB team ${HOSTILE}` });
    expect(res.status).toBe(303);

    const html = await (await ic.get(`/console/incidents/${id}`)).text();
    const timeline = html.slice(html.indexOf('id="timeline"'));
    expect(timeline).toContain('Paged the DB team');
    expect(timeline).toContain('ic@example.com');
    expect(html).not.toContain('<script>alert(1)</script>');

    const incident = await v1Incident(id);
    expect(JSON.stringify(incident)).not.toContain('Paged the DB team');
    const events = ((await (await api.request('GET', `/v1/incidents/${id}/timeline`)).json()) as { events: Array<{ kind: string; actor: string }> }).events;
    expect(events.find((e) => e.kind === 'note')).toMatchObject({ actor: 'ic@example.com' });
  });

  it('refuses an empty note beside its field', async () => {
    const id = await declare({ title: 'Empty note' });
    const res = await ic.post(`/console/incidents/${id}/notes`, { note: ' ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="error-note">empty');
  });

  it('records a severity change and role assignments in the timeline with the person as actor', async () => {
    const id = await declare({ title: 'Billing delays', severity: 'SEV3' });
    const page = await (await ic.get(`/console/incidents/${id}`)).text();
    expect(page).toContain('<option value="ic@example.com">');

    const res = await ic.post(`/console/incidents/${id}/edit`, {
      version: valueOf(page, 'version'),
      severity: 'SEV1',
      'role.commander': 'ic@example.com',
      'role.comms': 'Dana from support',
      'role.scribe': '',
      'role.tech_lead': '',
    });

    expect(res.status).toBe(303);
    const incident = await v1Incident(id);
    expect(incident.severity).toBe('SEV1');
    expect(incident.roles).toMatchObject({ commander: 'ic@example.com', comms: 'Dana from support' });
    const events = ((await (await api.request('GET', `/v1/incidents/${id}/timeline`)).json()) as { events: Array<{ kind: string; actor: string; summary: string }> }).events;
    expect(events.filter((e) => e.kind === 'severity_changed')).toEqual([expect.objectContaining({ actor: 'ic@example.com', summary: 'Severity SEV3 → SEV1' })]);
    expect(events.filter((e) => e.kind === 'role_assigned').map((e) => e.actor)).toEqual(['ic@example.com', 'ic@example.com']);

    // A stale edit form (the version before) says so and changes nothing
    const stale = await ic.post(`/console/incidents/${id}/edit`, { version: valueOf(page, 'version'), severity: 'SEV4', 'role.commander': 'someone@example.com' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Someone else changed this incident since you opened this form; nothing was saved.');
    expect(html).toContain('value="someone@example.com"');
    expect((await v1Incident(id)).severity).toBe('SEV1');
  });

  it('seeds the postmortem from the draft, saves it, and publishes it once', async () => {
    const id = await declare({ title: 'Postmortem please' });
    await api.request('POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Done.' });
    const page = await (await ic.get(`/console/incidents/${id}`)).text();
    expect(page).toMatch(/<textarea id="field-body" name="body"[^>]*>[^<]*Postmortem please/);

    expect((await ic.post(`/console/incidents/${id}/postmortem`, { body: '# What happened', action: 'save' })).status).toBe(303);
    const saved = await (await ic.get(`/console/incidents/${id}`)).text();
    expect(saved).toContain('# What happened</textarea>');
    expect(saved).toContain('Publish postmortem');

    expect((await ic.post(`/console/incidents/${id}/postmortem`, { body: '# What happened', action: 'publish' })).status).toBe(303);
    const published = await (await ic.get(`/console/incidents/${id}`)).text();
    expect(published).not.toContain('Publish postmortem');
    expect(published).toContain('Save changes');
    const pm = (await (await api.request('GET', `/v1/incidents/${id}`)).json()) as { postmortem: { published: boolean } };
    expect(pm.postmortem.published).toBe(true);

    const empty = await ic.post(`/console/incidents/${id}/postmortem`, { body: '', action: 'save' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('id="error-body">required');
  });

  it('shows hostile text escaped on the list, the incident and its forms', async () => {
    const id = await declare({ title: `Title ${HOSTILE}`, message: `Message ${HOSTILE}` });
    const page = await ic.get(`/console/incidents/${id}`);
    const html = await page.text();
    expect(html).toContain('Title &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    const list = await (await ic.get('/console/incidents')).text();
    expect(list).toContain('Title &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).not.toContain('<script>alert(1)</script>');

    const form = await (await ic.get('/console/incidents/new')).text();
    const bad = await ic.post('/console/incidents/new', { form_token: valueOf(form, 'form_token'), title: HOSTILE, severity: HOSTILE, status: HOSTILE, [`component.${checkout.id}`]: HOSTILE, message: HOSTILE, next_update_at: HOSTILE, action: 'declare' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('&lt;script&gt;');
    expect(badHtml).not.toContain('<script>alert(1)</script>');
  });
});

describe('the list', () => {
  it('shows open incidents first, then resolved newest first, a page at a time', async () => {
    for (let i = 1; i <= 27; i++) {
      api.clock.advance(60_000);
      await api.request('POST', '/v1/incidents', { title: `Old incident ${i}`, severity: 'SEV4', message: 'Done.', status: 'resolved' });
    }
    api.clock.advance(60_000);
    const open = await declare({ title: 'Still open' });

    const html = await (await ic.get('/console/incidents')).text();
    expect(html.indexOf('Still open')).toBeLessThan(html.indexOf('Old incident 27'));
    expect(html.indexOf('Old incident 27')).toBeLessThan(html.indexOf('Old incident 26'));
    expect(html).toContain(`href="/console/incidents/${open}"`);
    expect(html).not.toContain('Old incident 1<');
    const older = /href="(\/console\/incidents\?cursor=[^"]+)" rel="next">Older incidents/.exec(html)?.[1];
    expect(older).toBeTruthy();

    const next = await (await ic.get(older!.replace(/&amp;/g, '&'))).text();
    expect(next).toContain('Old incident 1<');
    expect(next).not.toContain('Still open');

    expect((await ic.get('/console/incidents?cursor=nonsense')).status).toBe(400);
  });
});

describe('a viewer', () => {
  it('sees an incident without any form, and gets the 403 page for every post', async () => {
    const id = await declare({ title: 'Viewer check' });
    const page = await viewer.get(`/console/incidents/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Viewer check');
    expect(html).not.toContain(`action="/console/incidents/${id}/updates`);
    expect(html).not.toContain('name="note"');
    expect(html).not.toContain('Save severity and roles');
    expect(html).not.toContain('Declare incident');

    expect((await viewer.get('/console/incidents/new')).status).toBe(403);
    for (const [path, fields] of [
      [`/console/incidents/${id}/updates`, { status: 'resolved', message: 'x', version: '1', action: 'post' }],
      [`/console/incidents/${id}/notes`, { note: 'x' }],
      [`/console/incidents/${id}/edit`, { severity: 'SEV0' }],
      [`/console/incidents/${id}/postmortem`, { body: 'x' }],
      ['/console/incidents/new', { title: 'x', severity: 'SEV1', message: 'x', action: 'declare' }],
    ] as const) {
      const res = await viewer.post(path, fields);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('it needs the responder role');
    }
    const incident = await v1Incident(id);
    expect(incident.updates).toHaveLength(1);
    expect(incident.severity).toBe('SEV2');
  });
});
