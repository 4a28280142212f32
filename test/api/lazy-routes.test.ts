// The API loads its route sets on first use (functions/api/lazy-routes.ts): a request is answered
// by an app holding only its group's routes, /v1/openapi.json and every 404/405 by the whole API.
// A route set missing from the table, a group that loads less than the whole API holds, or a
// document that depends on which groups came first, each fails here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { createApp } from '#api/app';
import { ROUTE_SETS, routeGroupFor } from '#api/lazy-routes';
import { REPO_ROOT } from '../../infra/config';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.drop());

const tokens = createSubscriptionTokens(async () => 'lazy-routes-test-secret-0123456789abcdef');
/** A fresh API, as a cold start builds it: nothing loaded yet. Every key it sees is an admin's. */
const freshApp = () =>
  createApp(api.deps, { tokens, authenticate: async () => ({ id: 'key-lazy', name: 'lazy-routes', scopes: ['admin'], owner: null }) });

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The answer without what differs between two requests (the request id). */
async function answerOf(app: ReturnType<typeof createApp>, method: string, path: string) {
  const res = await app.request(path, {
    method,
    headers: { authorization: 'Bearer lazy', 'content-type': 'application/json' },
    // Malformed JSON: a route that takes a body refuses it before changing anything.
    body: method === 'GET' ? undefined : '{',
  });
  const body = (await res.text()).replace(/"request_id":"[^"]*"/g, '"request_id":"…"');
  return { status: res.status, type: res.headers.get('content-type'), allow: res.headers.get('allow'), body };
}

async function documentOf(app: ReturnType<typeof createApp>) {
  const res = await app.request('/v1/openapi.json');
  expect(res.status).toBe(200);
  return res.text();
}

/** Every documented route as a concrete path ({id} → x1) with its methods. */
async function documentedRoutes(): Promise<Array<{ path: string; methods: string[] }>> {
  const { paths } = JSON.parse(await documentOf(freshApp())) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(paths).map(([path, operations]) => ({
    path: path.replace(/\{[^}]+\}/g, 'x1'),
    methods: Object.keys(operations).map((method) => method.toUpperCase()),
  }));
}

describe('the route table', () => {
  it('mounts every route set the route modules export, each once', async () => {
    // Prepare
    const folder = join(REPO_ROOT, 'functions/api/routes');
    const exported = new Set<unknown>();
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
      const module = (await import(join(folder, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) if (/Routes$/.test(name) && typeof value === 'function') exported.add(value);
    }

    // Act
    const mounted = await Promise.all(ROUTE_SETS.map((set) => set.load()));

    // Assert
    expect(exported.size).toBeGreaterThanOrEqual(20);
    expect(new Set(mounted)).toEqual(exported);
    expect(mounted).toHaveLength(exported.size);
  });

  it('puts every documented route in the group of its path', async () => {
    for (const { path } of await documentedRoutes()) {
      if (path === '/v1/openapi.json') continue;
      expect(routeGroupFor(path), path).toBeDefined();
    }
  });
});

describe('an API that loads its routes on first use', () => {
  it('answers every method of every documented path from its group alone as after loading every group', async () => {
    // Prepare: one API has loaded every group (its document, and a request to each, first); each
    // request below also goes to a fresh API, which loads only that request's group.
    const routes = await documentedRoutes();
    const warm = freshApp();
    await documentOf(warm);
    for (const { path } of routes) await answerOf(warm, 'GET', path);
    let compared = 0;

    for (const { path, methods } of routes) {
      for (const method of METHODS) {
        // Act
        const fromWarm = await answerOf(warm, method, path);
        const fromGroup = await answerOf(freshApp(), method, path);

        // Assert: a documented method reaches its route (never the 404/405 of a missing one), any
        // other never the 404 of a path no route serves, and a 405 names the documented methods
        expect(fromGroup, `${method} ${path}`).toEqual(fromWarm);
        if (methods.includes(method)) expect(fromGroup.body, `${method} ${path}`).not.toMatch(/Nothing at|is not allowed here/);
        else expect(fromGroup.body, `${method} ${path}`).not.toMatch(/Nothing at/);
        if (fromGroup.status === 405) expect(fromGroup.allow?.split(', '), `${method} ${path}`).toEqual(expect.arrayContaining(methods));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('serves the same OpenAPI document whichever groups were loaded before, and in what order', async () => {
    // Prepare
    const cold = await documentOf(freshApp());
    const warmed = freshApp();
    for (const { path } of (await documentedRoutes()).reverse()) await answerOf(warmed, 'GET', path);

    // Act
    const afterGroups = await documentOf(warmed);

    // Assert
    expect(afterGroups).toBe(cold);
    expect(Object.keys(JSON.parse(cold).paths as object)[0]).toBe('/v1/health');
  });

  it('answers 405 with every allowed method, and 404 problems, as a first request', async () => {
    // Act
    const notAllowed = await answerOf(freshApp(), 'PUT', '/v1/incidents');
    const nothing = await answerOf(freshApp(), 'GET', '/v1/incidents/x1/nothing-here');
    const noGroup = await answerOf(freshApp(), 'GET', '/v1/nothing-here');

    // Assert
    expect(notAllowed).toMatchObject({ status: 405, type: 'application/problem+json', allow: 'GET, POST, HEAD' });
    expect(nothing).toMatchObject({ status: 404, type: 'application/problem+json' });
    expect(JSON.parse(nothing.body)).toMatchObject({ detail: 'Nothing at /v1/incidents/x1/nothing-here.' });
    expect(noGroup).toMatchObject({ status: 404, type: 'application/problem+json' });
  });

  it('loads a group once for requests that arrive together', async () => {
    // Act
    const app = freshApp();
    const answers = await Promise.all(Array.from({ length: 5 }, () => answerOf(app, 'GET', '/v1/components')));

    // Assert
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
  });
});
