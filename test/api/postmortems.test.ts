import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationId } from '#app/notifications/notification';
import { ComponentSchema, IncidentSchema, PostmortemDraftSchema, PostmortemListingSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

async function call(at: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  api.setNow(at);
  const res = await api.request(method, path, body, headers);
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json();
}

async function anIncident(at: string, severity: string, title: string, resolveAt?: string) {
  const { id } = IncidentSchema.parse(await call(at, 'POST', '/v1/incidents', { title, severity, message: 'We are investigating.' }));
  if (resolveAt) await call(resolveAt, 'POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
  return id;
}

describe('GET /v1/incidents/{id}/postmortem/draft', () => {
  it('pre-fills the draft with the impact and the real timeline', async () => {
    const checkout = ComponentSchema.parse(await call('2026-11-27T08:00:00.000Z', 'POST', '/v1/components', { name: 'Checkout' }));
    const { id } = IncidentSchema.parse(
      await call('2026-11-27T09:05:00.000Z', 'POST', '/v1/incidents', {
        title: 'Checkout is failing', severity: 'SEV2', message: 'Payments fail for most customers.',
        components: { [checkout.id]: 'major_outage' }, started_at: '2026-11-27T08:58:00Z',
      }),
    );
    await call('2026-11-27T09:08:00.000Z', 'PATCH', `/v1/incidents/${id}`, { severity: 'SEV1', roles: { commander: 'alice' } });
    await call('2026-11-27T09:30:00.000Z', 'POST', `/v1/incidents/${id}/updates`, {
      status: 'resolved', message: 'Rolled back the deploy.', components: { [checkout.id]: 'operational' },
    });
    // What the mailer records when it plans a notification's fan-out.
    for (const [seq, recipients] of [[1, 120], [2, 118]] as const) {
      await api.deps.store.notifications.create({
        id: notificationId('incident', id, seq), kind: 'incident', subject_id: id, seq, title: 'x', status: 'x', message: 'x',
        posted_at: '2026-11-27T09:05:00.000Z', window: null, affected: [], components: [], plan_step: 1, cursor: null,
        planned: true, batches: 3, recipients, created_at: '2026-11-27T09:05:00.000Z',
      });
    }

    const draft = PostmortemDraftSchema.parse(await call('2026-11-28T10:00:00.000Z', 'GET', `/v1/incidents/${id}/postmortem/draft`));

    expect(draft.incident_id).toBe(id);
    expect(draft.body).toContain(`# Postmortem: Checkout is failing (${id})`);
    expect(draft.body).toContain('- Duration: 32 min (2026-11-27 08:58 UTC to 2026-11-27 09:30 UTC)');
    expect(draft.body).toContain('- Components: Checkout (worst: major_outage)');
    expect(draft.body).toContain('- Subscribers notified: 120 (238 mails over 2 notifications)');
    expect(draft.body).toContain('| 2026-11-27 09:05 | Declared SEV2 (investigating): Checkout is failing | test-responder |');
    expect(draft.body).toContain('| 2026-11-27 09:08 | Severity SEV2 → SEV1 | test-responder |');
    expect(draft.body).toContain('| 2026-11-27 09:08 | Incident commander: alice | test-responder |');
    expect(draft.body).toContain('| 2026-11-27 09:30 | Update #2 (investigating → resolved), subscribers notified: Rolled back the deploy. | test-responder |');
    for (const section of ['## Root cause (five whys)', '## Contributing factors', '## What went well', '## What went poorly', '## Action items']) {
      expect(draft.body).toContain(section);
    }
  });

  it('answers the Markdown itself to Accept: text/markdown, with n/a for subscribers when no mail was planned', async () => {
    const id = await anIncident('2026-11-27T11:00:00.000Z', 'SEV2', 'Search is slow');
    api.setNow('2026-11-27T12:00:00.000Z');

    const res = await api.request('GET', `/v1/incidents/${id}/postmortem/draft`, undefined, { accept: 'text/markdown' });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const body = await res.text();
    expect(body.startsWith('# Postmortem: Search is slow')).toBe(true);
    expect(body).toContain('- Subscribers notified: n/a');
  });

  it('is 404 for an unknown incident', async () => {
    expect((await api.request('GET', '/v1/incidents/INC-20000101-0000/postmortem/draft')).status).toBe(404);
  });
});

describe('PUT /v1/incidents/{id}/postmortem', () => {
  it('publishes it, and tells the subscribers once through one notifying update', async () => {
    const id = await anIncident('2026-11-27T13:00:00.000Z', 'SEV1', 'Login fails', '2026-11-27T14:00:00.000Z');

    await call('2026-11-28T09:00:00.000Z', 'PUT', `/v1/incidents/${id}/postmortem`, { body: 'Draft.' });
    const published = IncidentSchema.parse(await call('2026-11-28T10:00:00.000Z', 'PUT', `/v1/incidents/${id}/postmortem`, { body: 'Final.', published: true }));
    await call('2026-11-28T11:00:00.000Z', 'PUT', `/v1/incidents/${id}/postmortem`, { body: 'Final, typo fixed.', published: true });
    await call('2026-11-28T12:00:00.000Z', 'PUT', `/v1/incidents/${id}/postmortem`, { body: 'Unpublished.', published: false });
    const again = IncidentSchema.parse(await call('2026-11-28T13:00:00.000Z', 'PUT', `/v1/incidents/${id}/postmortem`, { body: 'Back.', published: true }));

    expect(published.postmortem).toMatchObject({ published: true, published_at: '2026-11-28T10:00:00.000Z', notified_at: '2026-11-28T10:00:00.000Z' });
    expect(published.status).toBe('resolved');
    expect(published.resolved_at).toBe('2026-11-27T14:00:00.000Z');
    const notifying = again.updates.filter((u) => u.notify);
    expect(again.updates.map((u) => [u.status, u.notify])).toEqual([
      ['investigating', true],
      ['resolved', true],
      ['resolved', true],
    ]);
    expect(notifying.at(-1)!.message).toContain('We have published the postmortem for this incident');
    expect(again.postmortem).toMatchObject({ body: 'Back.', published: true, notified_at: '2026-11-28T10:00:00.000Z' });
  });
});

describe('GET /v1/postmortems', () => {
  it('lists the resolved incidents past their severity’s postmortem deadline', async () => {
    api.setNow('2026-12-10T00:00:00.000Z');
    const late = await anIncident('2026-12-01T09:00:00.000Z', 'SEV1', 'Late', '2026-12-01T10:00:00.000Z'); // due 12-03 10:00
    const sev0 = await anIncident('2026-12-08T09:00:00.000Z', 'SEV0', 'Recent SEV0', '2026-12-09T00:00:00.000Z'); // due 12-10 00:00: overdue now
    const inTime = await anIncident('2026-12-08T09:00:00.000Z', 'SEV2', 'In time', '2026-12-09T00:00:00.000Z'); // due 12-11
    const optional = await anIncident('2026-12-01T09:00:00.000Z', 'SEV3', 'Optional', '2026-12-01T10:00:00.000Z');
    const done = await anIncident('2026-12-01T09:00:00.000Z', 'SEV1', 'Done', '2026-12-01T10:00:00.000Z');
    await call('2026-12-02T00:00:00.000Z', 'PUT', `/v1/incidents/${done}/postmortem`, { body: 'x', published: true });
    await anIncident('2026-12-09T00:00:00.000Z', 'SEV1', 'Still open');

    const list = async (state: string) =>
      PostmortemListingSchema.array().parse(await call('2026-12-10T00:00:00.000Z', 'GET', `/v1/postmortems?state=${state}`));

    const overdue = await list('overdue');
    expect(overdue.filter((l) => [late, sev0].includes(l.incident_id)).map((l) => [l.incident_id, l.due_at])).toEqual([
      [late, '2026-12-03T10:00:00.000Z'],
      [sev0, '2026-12-10T00:00:00.000Z'],
    ]);
    expect(overdue.map((l) => l.incident_id)).not.toContain(inTime);
    expect(overdue.map((l) => l.incident_id)).not.toContain(optional);
    expect(overdue.map((l) => l.incident_id)).not.toContain(done);
    expect((await list('due')).map((l) => l.incident_id)).toContain(inTime);
    expect((await list('published')).map((l) => l.incident_id)).toContain(done);
    expect((await list('all')).map((l) => l.incident_id)).toEqual(expect.arrayContaining([late, sev0, inTime, optional, done]));
  });

  it('defaults to overdue and rejects an unknown state', async () => {
    const res = await api.request('GET', '/v1/postmortems?state=late');
    expect(res.status).toBe(400);
    expect((await api.request('GET', '/v1/postmortems')).status).toBe(200);
  });
});
