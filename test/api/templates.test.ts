import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentSchema, IncidentSchema, ProblemSchema } from '#api/schemas';
import { TemplateDraftSchema, TemplateSchema } from '#api/template-schemas';
import { seedTemplates, TEMPLATE_SEEDS } from '#core/template-seeds';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const listed = async (on: TestApi = api) => TemplateSchema.array().parse(await (await on.request('GET', '/v1/templates')).json());

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return ProblemSchema.parse(await res.json());
}

async function aComponent(name: string) {
  return ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name })).json());
}

const anIncidentTemplate = (overrides: Record<string, unknown> = {}) => ({
  name: 'Checkout down',
  kind: 'incident',
  title: 'Checkout is failing',
  status: 'investigating',
  body: 'We are investigating reports of failed payments on {{components}}. Next update by {{next_update_at}}.',
  ...overrides,
});

describe('/v1/templates: seeds', () => {
  it('writes the shipped templates once, even when two first listings race', async () => {
    // Prepare: a table of its own, never listed
    const fresh = await createTestApi();
    try {
      // Act
      const [a, b] = await Promise.all([listed(fresh), listed(fresh)]);
      const after = await listed(fresh);
      // Assess
      const seedIds = TEMPLATE_SEEDS.map((s) => s.id).sort();
      for (const list of [a, b, after]) expect(list.map((t) => t.id).sort()).toEqual(seedIds);
      expect(after.map((t) => t.kind)).toEqual([...after.map((t) => t.kind)].sort()); // incident, then maintenance
    } finally {
      await fresh.drop();
    }
  });

  it('keeps a template already stored under a seed id and writes the other seeds around it', async () => {
    // Prepare: a table whose seed id was taken before the seeds were written (no marker yet)
    const fresh = await createTestApi();
    try {
      const [resolved] = seedTemplates(fresh.clock.iso()).filter((t) => t.id === 'seed-incident-resolved');
      await fresh.deps.store.templates.create({ ...resolved!, body: 'Our own words for {{components}}.' });
      // Act
      const list = await listed(fresh);
      // Assess
      expect(list.map((t) => t.id).sort()).toEqual(TEMPLATE_SEEDS.map((t) => t.id).sort());
      expect(list.find((t) => t.id === 'seed-incident-resolved')?.body).toBe('Our own words for {{components}}.');
    } finally {
      await fresh.drop();
    }
  });

  it('lists by kind then name, and a deleted seed stays deleted', async () => {
    const first = await listed();
    const incident = first.filter((t) => t.kind === 'incident').map((t) => t.name);
    expect(incident).toEqual([...incident].sort((x, y) => x.localeCompare(y)));
    expect(first.findIndex((t) => t.kind === 'maintenance')).toBeGreaterThan(first.findLastIndex((t) => t.kind === 'incident'));

    expect((await api.request('DELETE', '/v1/templates/seed-maintenance-completed')).status).toBe(204);
    expect((await listed()).some((t) => t.id === 'seed-maintenance-completed')).toBe(false);
    expect((await api.request('GET', '/v1/templates/seed-maintenance-completed')).status).toBe(404);
  });
});

describe('/v1/templates: CRUD', () => {
  it('creates a template with components at their target status, reads it, changes it with If-Match and deletes it', async () => {
    // Prepare
    const checkout = await aComponent('Checkout');
    // Act: create
    const res = await api.request('POST', '/v1/templates', anIncidentTemplate({ components: { [checkout.id]: 'major_outage' }, severity: 'P1', notify: false }));
    // Assess
    expect(res.status).toBe(201);
    const created = TemplateSchema.parse(await res.json());
    expect(created).toMatchObject({ kind: 'incident', status: 'investigating', severity: 'SEV1', notify: false, version: 1, components: { [checkout.id]: 'major_outage' } });
    expect(TemplateSchema.parse(await (await api.request('GET', `/v1/templates/${created.id}`)).json())).toEqual(created);
    expect((await listed()).some((t) => t.id === created.id)).toBe(true);

    const changed = await api.request('PATCH', `/v1/templates/${created.id}`, { status: 'identified', name: 'Checkout: cause found' }, { 'if-match': '1' });
    expect(changed.status).toBe(200);
    expect(TemplateSchema.parse(await changed.json())).toMatchObject({ status: 'identified', name: 'Checkout: cause found', version: 2, severity: 'SEV1' });

    expect((await api.request('DELETE', `/v1/templates/${created.id}`)).status).toBe(204);
    await expectProblem(await api.request('GET', `/v1/templates/${created.id}`), 404);
    await expectProblem(await api.request('DELETE', `/v1/templates/${created.id}`), 404);
  });

  it('refuses a stale If-Match with 412 and keeps the template as it was', async () => {
    const created = TemplateSchema.parse(await (await api.request('POST', '/v1/templates', anIncidentTemplate())).json());
    await api.request('PATCH', `/v1/templates/${created.id}`, { title: 'Second' }, { 'if-match': '1' });
    await expectProblem(await api.request('PATCH', `/v1/templates/${created.id}`, { title: 'Third' }, { 'if-match': '1' }), 412);
    expect(TemplateSchema.parse(await (await api.request('GET', `/v1/templates/${created.id}`)).json())).toMatchObject({ title: 'Second', version: 2 });
  });

  it('creates once for a repeated Idempotency-Key, answering the first response again', async () => {
    const headers = { 'idempotency-key': 'template-once-1' };
    const body = anIncidentTemplate({ name: 'Idempotent one' });
    const first = await api.request('POST', '/v1/templates', body, headers);
    const again = await api.request('POST', '/v1/templates', body, headers);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(TemplateSchema.parse(await again.json()).id).toBe(TemplateSchema.parse(await first.json()).id);
    expect((await listed()).filter((t) => t.name === 'Idempotent one')).toHaveLength(1);
  });
});

describe('/v1/templates: bad input', () => {
  it('names unknown placeholders in a 400 and saves nothing', async () => {
    const problem = await expectProblem(
      await api.request('POST', '/v1/templates', anIncidentTemplate({ name: 'Bad placeholders', body: 'Dear {{customer}}, see {{components}} and {{eta}}' })),
      400,
    );
    expect(problem.errors).toEqual([{ path: 'body', message: expect.stringContaining('{{customer}}, {{eta}}') }]);
    expect((await listed()).some((t) => t.name === 'Bad placeholders')).toBe(false);
  });

  it('names unknown component ids, a status of the other kind and missing fields', async () => {
    const unknown = await expectProblem(await api.request('POST', '/v1/templates', anIncidentTemplate({ components: { nosuchthing: 'major_outage' } })), 400);
    expect(unknown.errors?.map((e) => e.path)).toEqual(['components.nosuchthing']);

    const kind = await expectProblem(await api.request('POST', '/v1/templates', anIncidentTemplate({ kind: 'maintenance', status: 'investigating' })), 400);
    expect(kind.errors?.map((e) => e.path)).toEqual(['status']);

    const missing = await expectProblem(await api.request('POST', '/v1/templates', { name: 'x', kind: 'incident' }), 400);
    expect(missing.errors?.map((e) => e.path).sort()).toEqual(['body', 'status', 'title']);
  });

  it('checks a PATCH against the whole template: an unknown placeholder is a 400 and changes nothing', async () => {
    const created = TemplateSchema.parse(await (await api.request('POST', '/v1/templates', anIncidentTemplate())).json());
    const problem = await expectProblem(await api.request('PATCH', `/v1/templates/${created.id}`, { title: '{{incident_name}}' }), 400);
    expect(problem.errors?.[0]).toMatchObject({ path: 'title', message: expect.stringContaining('{{incident_name}}') });
    expect(TemplateSchema.parse(await (await api.request('GET', `/v1/templates/${created.id}`)).json()).version).toBe(1);
  });
});

describe('POST /v1/templates/{id}/render', () => {
  it("fills a seed from an incident: its components, start and the severity's next update time", async () => {
    // Prepare: a SEV1 (updates every 30 minutes) declared at 14:00
    api.setNow('2026-12-03T14:00:00.000Z');
    const payments = await aComponent('Payments');
    const incident = IncidentSchema.parse(
      await (
        await api.request('POST', '/v1/incidents', {
          title: 'Payments failing',
          severity: 'SEV1',
          message: 'Looking.',
          components: { [payments.id]: 'major_outage' },
        })
      ).json(),
    );
    api.setNow('2026-12-03T14:05:00.000Z');
    // Act
    const res = await api.request('POST', '/v1/templates/seed-incident-identified/render', { incident_id: incident.id });
    // Assess
    expect(res.status).toBe(200);
    const draft = TemplateDraftSchema.parse(await res.json());
    expect(draft).toMatchObject({ title: 'Payments failing', template_id: 'seed-incident-identified', incident_id: incident.id, status: 'identified', severity: 'SEV1', notify: true, components: {} });
    expect(draft.message).toContain('We have identified the cause of the problems with Payments (major outage)');
    expect(draft.message).toContain('**Started:** 14:00 UTC');
    expect(draft.message).toContain('Next update by 14:35 UTC.');
    expect(draft.next_update_at).toBe('2026-12-03T14:35:00.000Z');
    expect(`${draft.title}\n${draft.message}`).not.toMatch(/undefined|\{\{/);
  });

  it("fills a template's own components with the context's over them, and answers with no body too", async () => {
    api.setNow('2026-12-03T09:00:00.000Z');
    const search = await aComponent('Search');
    const api2 = await aComponent('Public API');
    const template = TemplateSchema.parse(
      await (await api.request('POST', '/v1/templates', anIncidentTemplate({ severity: 'SEV2', components: { [search.id]: 'degraded_performance' } }))).json(),
    );
    const plain = TemplateDraftSchema.parse(await (await api.request('POST', `/v1/templates/${template.id}/render`)).json());
    expect(plain.message).toBe('We are investigating reports of failed payments on Search (degraded performance). Next update by 10:00 UTC.');

    const res = await api.request('POST', `/v1/templates/${template.id}/render`, { components: { [search.id]: 'major_outage', [api2.id]: 'partial_outage' } });
    const draft = TemplateDraftSchema.parse(await res.json());
    expect(draft.components).toEqual({ [search.id]: 'major_outage', [api2.id]: 'partial_outage' });
    expect(draft.message).toContain('Search (major outage) and Public API (partial outage)');
  });

  it('is a 400 naming an unknown component or incident, and a 404 for an unknown template', async () => {
    const unknown = await expectProblem(await api.request('POST', '/v1/templates/seed-incident-investigating/render', { components: { ghost: 'major_outage' } }), 400);
    expect(unknown.errors?.map((e) => e.path)).toEqual(['components.ghost']);
    const noIncident = await expectProblem(await api.request('POST', '/v1/templates/seed-incident-investigating/render', { incident_id: 'INC-20000101-0000' }), 400);
    expect(noIncident.errors?.map((e) => e.path)).toEqual(['incident_id']);
    await expectProblem(await api.request('POST', '/v1/templates/nosuch/render', {}), 404);
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await (await api.app.request('/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/templates', '/v1/templates/{id}', '/v1/templates/{id}/render']));
  });
});
