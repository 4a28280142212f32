// The "next update by" promise (issue 11): every public update of an open incident carries
// next_update_at, by default the update's time + the severity's cadence, or the responder's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema, IncidentWithCadenceSchema, MetricsSchema, PostedUpdateSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

async function call(at: string, method: string, path: string, body?: unknown) {
  api.setNow(at);
  return api.request(method, path, body);
}

async function declare(at: string, body: Record<string, unknown>) {
  const res = await call(at, 'POST', '/v1/incidents', { title: 'Checkout is failing', message: 'Looking.', ...body });
  expect(res.status).toBe(201);
  return IncidentSchema.parse(await res.json());
}

describe('next_update_at on declaring', () => {
  it("defaults to the update's time + the severity's cadence, on the update and on the incident", async () => {
    const incident = await declare('2026-10-01T09:00:00.000Z', { severity: 'SEV1' });

    expect(incident.next_update_at).toBe('2026-10-01T09:30:00.000Z');
    expect(incident.updates[0]!.next_update_at).toBe('2026-10-01T09:30:00.000Z');
  });

  it('is null for a severity without a fixed cadence unless the responder sets one', async () => {
    expect((await declare('2026-10-01T10:00:00.000Z', { severity: 'SEV3' })).next_update_at).toBeNull();
    const promised = await declare('2026-10-01T10:01:00.000Z', { severity: 'SEV3', next_update_at: '2026-10-01T14:30:00+00:00' });
    expect(promised.next_update_at).toBe('2026-10-01T14:30:00.000Z');
  });

  it('takes the responder\'s time, normalised to UTC', async () => {
    const incident = await declare('2026-10-01T11:00:00.000Z', { severity: 'SEV0', next_update_at: '2026-10-01T13:45:00+02:00' });
    expect(incident.next_update_at).toBe('2026-10-01T11:45:00.000Z');
    expect(incident.updates[0]!.next_update_at).toBe('2026-10-01T11:45:00.000Z');
  });

  it('refuses a time not in the future, more than 24 h ahead, or on a resolved declaration, naming the field', async () => {
    const cases = [
      { severity: 'SEV1', next_update_at: '2026-10-01T12:00:00Z' }, // now
      { severity: 'SEV1', next_update_at: '2026-10-01T11:59:00Z' }, // past
      { severity: 'SEV1', next_update_at: '2026-10-02T12:00:01Z' }, // > 24 h
      { severity: 'SEV1', status: 'resolved', next_update_at: '2026-10-01T12:30:00Z' },
      { severity: 'SEV1', next_update_at: 'soon' },
    ];
    for (const body of cases) {
      const res = await call('2026-10-01T12:00:00.000Z', 'POST', '/v1/incidents', { title: 'x', message: 'x', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(await res.json())).toContain('next_update_at');
    }
    const open = IncidentSchema.array().parse(await (await call('2026-10-01T12:00:00.000Z', 'GET', '/v1/incidents?state=all')).json());
    expect(open.filter((i) => i.created_at === '2026-10-01T12:00:00.000Z')).toHaveLength(0);
    // Exactly 24 h ahead is allowed.
    expect((await declare('2026-10-01T12:00:00.000Z', { severity: 'SEV1', next_update_at: '2026-10-02T12:00:00Z' })).next_update_at).toBe(
      '2026-10-02T12:00:00.000Z',
    );
  });
});

describe('next_update_at on posting an update', () => {
  it('renews the promise with each update, takes a given one, and is null once resolved', async () => {
    const { id } = await declare('2026-10-02T09:00:00.000Z', { severity: 'SEV2' });

    const post = async (at: string, body: Record<string, unknown>) => {
      const res = await call(at, 'POST', `/v1/incidents/${id}/updates`, body);
      expect(res.status, JSON.stringify(await res.clone().text())).toBe(201);
      return PostedUpdateSchema.parse(await res.json());
    };

    const second = await post('2026-10-02T09:20:00.000Z', { status: 'identified', message: 'Found it.' });
    expect(second.next_update_at).toBe('2026-10-02T10:20:00.000Z');
    expect(second.updates.map((u) => u.next_update_at)).toEqual(['2026-10-02T10:00:00.000Z', '2026-10-02T10:20:00.000Z']);

    const third = await post('2026-10-02T09:40:00.000Z', { status: 'monitoring', message: 'Fix out.', next_update_at: '2026-10-02T11:00:00Z' });
    expect(third.next_update_at).toBe('2026-10-02T11:00:00.000Z');

    const resolved = await post('2026-10-02T10:30:00.000Z', { status: 'resolved', message: 'All good.' });
    expect(resolved.next_update_at).toBeNull();
    expect(resolved.updates.at(-1)!.next_update_at).toBeNull();

    const shown = IncidentWithCadenceSchema.parse(await (await call('2026-10-02T10:31:00.000Z', 'GET', `/v1/incidents/${id}`)).json());
    expect(shown).toMatchObject({ next_update_at: null, next_update_due_at: null, overdue: false });
  });

  it('refuses a bad promise with 400 problem+json and saves nothing', async () => {
    const { id } = await declare('2026-10-03T09:00:00.000Z', { severity: 'SEV1' });
    for (const body of [
      { status: 'identified', message: 'x', next_update_at: '2026-10-03T09:10:00Z' }, // not after now
      { status: 'identified', message: 'x', next_update_at: '2026-10-04T09:10:01Z' }, // > 24 h
      { status: 'resolved', message: 'x', next_update_at: '2026-10-03T10:00:00Z' }, // resolved promises nothing
    ]) {
      const res = await call('2026-10-03T09:10:00.000Z', 'POST', `/v1/incidents/${id}/updates`, body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(await res.json())).toContain('next_update_at');
    }
    const after = IncidentSchema.parse(await (await call('2026-10-03T09:11:00.000Z', 'GET', `/v1/incidents/${id}`)).json());
    expect(after.updates).toHaveLength(1);
    expect(after.next_update_at).toBe('2026-10-03T09:30:00.000Z');
  });

  it('drives next_update_due_at and overdue in the incident views', async () => {
    const { id } = await declare('2026-10-04T09:00:00.000Z', { severity: 'SEV1', next_update_at: '2026-10-04T09:10:00Z' });
    const view = async (at: string) =>
      IncidentWithCadenceSchema.parse(await (await call(at, 'GET', `/v1/incidents/${id}`)).json());

    expect(await view('2026-10-04T09:10:00.000Z')).toMatchObject({ next_update_due_at: '2026-10-04T09:10:00.000Z', overdue: false });
    expect(await view('2026-10-04T09:10:00.001Z')).toMatchObject({ overdue: true, overdue_since: '2026-10-04T09:10:00.000Z' });
  });

  it('is listed in the OpenAPI document on both request bodies', async () => {
    const doc = (await (await api.app.request('/v1/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.components.schemas.DeclareIncident!.properties!)).toContain('next_update_at');
    expect(Object.keys(doc.components.schemas.PostIncidentUpdate!.properties!)).toContain('next_update_at');
    expect(Object.keys(doc.components.schemas.Incident!.properties!)).toContain('next_update_at');
  });
});

describe('GET /v1/metrics: promises kept', () => {
  it('gives the share of updates posted by the time the update before them promised, overall and by severity', async () => {
    const { id } = await declare('2026-08-10T09:00:00.000Z', { severity: 'SEV1' }); // promises 09:30
    await call('2026-08-10T09:30:00.000Z', 'POST', `/v1/incidents/${id}/updates`, { status: 'identified', message: 'On time.' }); // kept; promises 10:00
    await call('2026-08-10T10:05:00.000Z', 'POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Late.' }); // broken

    const res = await call('2026-08-20T00:00:00.000Z', 'GET', '/v1/metrics?from=2026-08-01T00:00:00Z&to=2026-09-01T00:00:00Z');
    expect(res.status).toBe(200);
    const metrics = MetricsSchema.parse(await res.json());

    expect(metrics.promises_kept).toEqual({ measured: 2, kept: 1, percentage: 50 });
    expect(metrics.by_severity.SEV1!.promises_kept).toEqual({ measured: 2, kept: 1, percentage: 50 });
    expect(metrics.by_severity.SEV2!.promises_kept).toEqual({ measured: 0, kept: 0, percentage: null });
  });
});
