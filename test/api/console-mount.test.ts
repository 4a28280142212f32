// The console is mounted under /console of the API app but loaded on its first request (so that
// the API's own cold start never evaluates its screens). What the parent's middleware does for a
// /console request must still reach it: the request id, the client address, the body limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_MAX_BODY_BYTES } from '#api/app';
import { CONSOLE_ORIGIN, createConsoleTestApi, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
beforeAll(async () => {
  api = await createConsoleTestApi();
});
afterAll(() => api.drop());

describe('the console under /console', () => {
  it('answers its sign-in screen, at /console itself too, with the request id the parent chose', async () => {
    const screen = await api.consoleApp.request('/console/sign-in', { headers: { 'x-request-id': 'console-mount-1' } });
    const root = await api.consoleApp.request('/console');
    expect([screen.status, screen.headers.get('x-request-id'), screen.headers.get('content-type')]).toEqual([
      200,
      'console-mount-1',
      expect.stringMatching(/^text\/html/),
    ]);
    expect(await screen.text()).toContain('<form');
    expect([root.status, root.headers.get('x-request-id')]).toEqual([303, expect.stringMatching(/.+/)]);
  });

  it('refuses a form over the console body limit with the console answer, not the /v1 problem', async () => {
    const answer = await api.consoleApp.request('/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: CONSOLE_ORIGIN },
      body: `email=${'a'.repeat(CONSOLE_MAX_BODY_BYTES + 1)}`,
    });
    expect([answer.status, await answer.text()]).toEqual([413, `The form is larger than ${CONSOLE_MAX_BODY_BYTES / 1024} KiB.`]);
  });

  it('gives a sign-in request the client address the parent worked out (a request without one cannot sign in)', async () => {
    const answer = await api.consoleApp.request('/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: CONSOLE_ORIGIN },
      body: new URLSearchParams({ email: 'nobody@example.com' }).toString(),
    });
    expect(answer.status).toBe(200);
  });

  it('still leaves /v1 paths to the API (its problem answer, not a console page)', async () => {
    const answer = await api.consoleApp.request('/v1/no-such-thing');
    expect([answer.status, answer.headers.get('content-type')]).toEqual([401, expect.stringMatching(/^application\/problem\+json/)]);
  });
});
