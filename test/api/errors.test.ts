import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const declaration = { title: 'x', severity: 'SEV2', message: 'y' };

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = ProblemSchema.parse(await res.json());
  expect(body.status).toBe(status);
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

describe('the API error rules', () => {
  it('answers 400 for malformed JSON', async () => {
    await expectProblem(await api.request('POST', '/v1/incidents', '{"title": '), 400);
  });

  it('answers 400 naming an unknown field', async () => {
    const body = await expectProblem(await api.request('POST', '/v1/incidents', { ...declaration, colour: 'red' }), 400);
    expect(body.errors?.some((e) => e.message.includes('colour'))).toBe(true);
  });

  it('answers 400 for a bad enum value', async () => {
    const body = await expectProblem(await api.request('POST', '/v1/incidents', { ...declaration, severity: 'SEV9' }), 400);
    expect(body.errors?.[0]?.path).toBe('severity');
  });

  it('answers 400 for a malformed id', async () => {
    await expectProblem(await api.request('GET', '/v1/incidents/not%20an%20id!'), 400);
  });

  it('answers 401 without a key and with a wrong key', async () => {
    const none = await api.app.request('/v1/incidents');
    await expectProblem(none, 401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    await expectProblem(await api.request('GET', '/v1/incidents', undefined, { authorization: 'Bearer hk_wrong' }), 401);
  });

  it('serves health and the OpenAPI document without a key', async () => {
    expect(await (await api.app.request('/v1/health')).json()).toEqual({ status: 'ok' });
    const doc = (await (await api.app.request('/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/v1/incidents', '/v1/incidents/{id}', '/v1/incidents/{id}/updates', '/v1/incidents/{id}/postmortem', '/v1/components', '/v1/components/{id}', '/v1/maintenances', '/v1/maintenances/{id}/updates', '/v1/health']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('answers 404 as problem+json for an unknown path', async () => {
    await expectProblem(await api.request('GET', '/v1/nothing-here'), 404);
  });

  it('answers 405 with Allow for a known path and wrong method', async () => {
    const res = await api.request('DELETE', '/v1/incidents');
    await expectProblem(res, 405);
    expect(res.headers.get('allow')).toContain('POST');
  });

  it('answers 413 for a body over 64 KiB', async () => {
    await expectProblem(await api.request('POST', '/v1/incidents', { ...declaration, message: 'a'.repeat(70 * 1024) }), 413);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await api.request('POST', '/v1/incidents', 'title=x', { 'content-type': 'text/plain' });
    await expectProblem(res, 415);
  });

  it('answers 409 when a group component is deleted while it still holds components', async () => {
    const child = (await (await api.request('POST', '/v1/components', { name: 'Web', group: 'Frontend' })).json()) as { group_id: string };
    const res = await api.request('DELETE', `/v1/components/${child.group_id}`);
    await expectProblem(res, 409);
  });
});
