// The console on a test API (its own DynamoDB Local table, the one test clock), and signed-in
// browsers for it: a person is added with a role, follows a real sign-in link (signed by the
// same tokens as the mailer's), and then gets and posts forms with the session's cookie and CSRF
// token, as a browser would.
import { addPerson } from '#app/people/add-person';
import { newSignInRequestId } from '#app/sessions/session';
import { createSubscriptionTokens, type SubscriptionTokens } from '#app/subscriptions/tokens';
import { signInLinkExpiry } from '#core/session-policy';
import type { Role } from '#core/roles';
import { createApp } from '#api/app';
import { createTestApi, type TestApi } from './api';

export const CONSOLE_TEST_SECRET = 'console-test-secret-0123456789abcdef';
export const CONSOLE_ORIGIN = 'http://localhost';

export interface ConsoleTestApi extends TestApi {
  tokens: SubscriptionTokens;
  /** The app with the console mounted (the same deps and table as `app`). */
  consoleApp: ReturnType<typeof createApp>;
}

export async function createConsoleTestApi(): Promise<ConsoleTestApi> {
  const api = await createTestApi();
  const tokens = createSubscriptionTokens(async () => CONSOLE_TEST_SECRET);
  const consoleApp = createApp(api.deps, { tokens, console: { secureCookies: false } });
  return { ...api, tokens, consoleApp };
}

export interface Browser {
  email: string;
  cookie: string;
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** A same-origin form post (urlencoded); the CSRF token is added unless `_csrf` is given. */
  post(path: string, fields?: Record<string, string | string[]>, headers?: Record<string, string>): Promise<Response>;
}

export async function signedInBrowser(api: ConsoleTestApi, email: string, role: Role): Promise<Browser> {
  if (!(await api.deps.store.people.get(email))) await addPerson(api.deps, { email, role }, { actor: 'test', now: api.clock.iso() });
  const id = newSignInRequestId();
  const now = api.clock.iso();
  const expires = signInLinkExpiry(now);
  await api.deps.store.sessions.createSignInRequest({ id, email, requested_at: now, link_expires_at: expires, next: '/console' });
  const token = await api.tokens.signIn(id, Math.floor(Date.parse(expires) / 1000));
  const answer = await api.consoleApp.request('/console/sign-in/link', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: CONSOLE_ORIGIN },
    body: new URLSearchParams({ token }).toString(),
  });
  if (answer.status !== 303) throw new Error(`sign-in failed: ${answer.status} ${await answer.text()}`);
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
  const sessions = await api.deps.store.sessions.list();
  const newest = sessions.filter((s) => s.email === email).sort((a, b) => b.created_at.localeCompare(a.created_at))[0]!;
  return browserWith(api, email, cookie, newest.csrf_token);
}

export function browserWith(api: ConsoleTestApi, email: string, cookie: string, csrf: string): Browser {
  return {
    email,
    cookie,
    csrf,
    get: (path, headers = {}) => Promise.resolve(api.consoleApp.request(path, { headers: { cookie, ...headers } })),
    post: (path, fields = {}, headers = {}) => {
      const body = new URLSearchParams();
      if (!('_csrf' in fields)) body.append('_csrf', csrf);
      for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
      return Promise.resolve(
        api.consoleApp.request(path, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: CONSOLE_ORIGIN, ...headers },
          body: body.toString(),
        }),
      );
    },
  };
}
