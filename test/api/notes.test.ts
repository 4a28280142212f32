// POST /v1/incidents/{id}/notes: an internal note, recorded in the timeline with its author and
// never published (the page, feeds, JSON and mail never read the timeline: see
// test/publisher/publish.test.ts and test/mailer/next-update-mail.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '#app/api-keys/create-api-key';
import { postIncidentNote } from '#app/incidents/post-incident-note';
import { IncidentSchema, TimelineEventSchema, TimelineSchema } from '#api/schemas';
import { authorizedRequester, createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

async function call(at: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  api.setNow(at);
  return api.request(method, path, body, headers);
}

async function anIncident(at: string) {
  return IncidentSchema.parse(await (await call(at, 'POST', '/v1/incidents', { title: 'Checkout is failing', severity: 'SEV2', message: 'Looking.' })).json());
}

describe('POST /v1/incidents/{id}/notes', () => {
  it('answers 201 with the note as a timeline event, recorded with its author, in time order', async () => {
    const { id } = await anIncident('2026-09-01T09:00:00.000Z');

    const res = await call('2026-09-01T09:05:00.000Z', 'POST', `/v1/incidents/${id}/notes`, { message: 'Vendor says **DNS**.\n\nTicket 123.' });

    expect(res.status).toBe(201);
    const event = TimelineEventSchema.parse(await res.json());
    expect(event).toMatchObject({
      at: '2026-09-01T09:05:00.000Z',
      kind: 'note',
      actor: 'test-responder',
      summary: 'Note: Vendor says **DNS**.',
      details: { message: 'Vendor says **DNS**.\n\nTicket 123.' },
    });
    await call('2026-09-01T09:06:00.000Z', 'POST', `/v1/incidents/${id}/updates`, { status: 'identified', message: 'Found it.' });
    const timeline = TimelineSchema.parse(await (await call('2026-09-01T09:07:00.000Z', 'GET', `/v1/incidents/${id}/timeline`)).json());
    expect(timeline.events.map((e) => [e.at, e.kind])).toEqual([
      ['2026-09-01T09:00:00.000Z', 'declared'],
      ['2026-09-01T09:05:00.000Z', 'note'],
      ['2026-09-01T09:06:00.000Z', 'update_posted'],
    ]);
  });

  it('keeps two notes of the same instant, and changes nothing the incident shows', async () => {
    const { id, version } = await anIncident('2026-09-02T09:00:00.000Z');
    for (const message of ['one', 'two']) {
      expect((await call('2026-09-02T09:01:00.000Z', 'POST', `/v1/incidents/${id}/notes`, { message })).status).toBe(201);
    }
    const notes = (await api.deps.store.timeline.list(id)).filter((e) => e.kind === 'note');
    expect(notes.map((n) => n.details.message).sort()).toEqual(['one', 'two']);

    const incident = IncidentSchema.parse(await (await call('2026-09-02T09:02:00.000Z', 'GET', `/v1/incidents/${id}`)).json());
    expect(incident.version).toBe(version);
    expect(incident.updates).toHaveLength(1);
    expect(JSON.stringify(incident)).not.toContain('two');
  });

  it('replays the same answer for the same Idempotency-Key without a second note', async () => {
    const { id } = await anIncident('2026-09-03T09:00:00.000Z');
    const headers = { 'idempotency-key': 'note-once-1' };
    const first = await call('2026-09-03T09:01:00.000Z', 'POST', `/v1/incidents/${id}/notes`, { message: 'Once.' }, headers);
    const again = await call('2026-09-03T09:01:30.000Z', 'POST', `/v1/incidents/${id}/notes`, { message: 'Once.' }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect((await api.deps.store.timeline.list(id)).filter((e) => e.kind === 'note')).toHaveLength(1);
  });

  it('refuses an empty or too long message (400 problem+json naming it), an unknown incident (404) and no key (401)', async () => {
    const { id } = await anIncident('2026-09-04T09:00:00.000Z');
    for (const body of [{ message: '   ' }, { message: 'x'.repeat(10_001) }, {}, { message: 'ok', extra: true }]) {
      const res = await call('2026-09-04T09:01:00.000Z', 'POST', `/v1/incidents/${id}/notes`, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const tooLong = await call('2026-09-04T09:01:00.000Z', 'POST', `/v1/incidents/${id}/notes`, { message: 'x'.repeat(10_001) });
    expect(JSON.stringify(await tooLong.json())).toContain('message');
    expect((await call('2026-09-04T09:01:00.000Z', 'POST', `/v1/incidents/${id}/notes`, { message: 'x'.repeat(10_000) })).status).toBe(201);

    const unknown = await call('2026-09-04T09:01:00.000Z', 'POST', '/v1/incidents/INC-20000101-0000/notes', { message: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.app.request(`/v1/incidents/${id}/notes`, { method: 'POST', body: '{"message":"x"}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
  });

  it('needs the incidents scope: a read-only key gets 403 naming it', async () => {
    const { id } = await anIncident('2026-09-05T09:00:00.000Z');
    const reader = authorizedRequester(api.app, (await createApiKey(api.deps, 'reader', { scopes: ['read'] })).key);
    const res = await reader('POST', `/v1/incidents/${id}/notes`, { message: 'x' });
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).toContain('incidents');
  });

  it('is a plain use case the console can call: postIncidentNote(deps, ctx, incidentId, { message })', async () => {
    const { id } = await anIncident('2026-09-06T09:00:00.000Z');
    const event = await postIncidentNote(api.deps, { actor: 'ana@example.org', now: '2026-09-06T09:03:00.000Z' }, id, { message: 'From the console.' });
    expect(event).toMatchObject({ incident_id: id, kind: 'note', actor: 'ana@example.org', at: '2026-09-06T09:03:00.000Z' });
    expect((await api.deps.store.timeline.list(id)).map((e) => e.kind)).toEqual(['declared', 'note']);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await api.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/v1/incidents/{id}/notes'] ?? {})).toContain('post');
  });
});
