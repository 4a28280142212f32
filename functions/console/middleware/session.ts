// Every console screen but sign-in needs a live session. Without one, a GET goes to sign-in (and
// comes back after); a POST shows sign-in with what was typed kept on the page, so an ended
// session never loses a half-written update. A signed-in POST must carry the session's CSRF token.
import { timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { authenticateSession } from '#app/sessions/authenticate-session';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { formOf, text } from '../form';
import { refusal } from '../render';
import { signInScreen, keptFields } from '../screens/sign-in';
import { readSessionCookie } from '../session-cookie';
import { isCrossSite } from './same-origin';

const sameToken = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Refuses every cross-site POST to the console, signed in or not. */
export function sameOriginPosts(deps: ConsoleDeps) {
  return createMiddleware<ConsoleEnv>(async function sameOriginPosts(c, next) {
    if (c.req.method === 'POST' && isCrossSite(c, deps.config.page.url)) {
      return refusal(c, deps.config.page.name, 403, 'Refused: not sent from the console', 'This request came from another site, so Herald did not act on it. Open the console and try again from there.');
    }
    return next();
  });
}

export function requireSession(deps: ConsoleDeps) {
  return createMiddleware<ConsoleEnv>(async function requireSession(c, next) {
    const id = readSessionCookie(c, deps.secureCookies);
    const holder = id ? await authenticateSession(deps, id, deps.now()) : null;
    const url = new URL(c.req.url);
    if (!holder) {
      if (c.req.method !== 'POST') return c.redirect(`/console/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      const referer = c.req.header('referer');
      const back = referer && new URL(referer, url).origin === url.origin ? new URL(referer, url).pathname : url.pathname;
      return signInScreen(c, deps, { ended: true, next: back, kept: keptFields(await formOf(c)) }, 401);
    }
    c.set('person', holder.person);
    c.set('session', holder.session);
    if (c.req.method === 'POST') {
      const token = text(await formOf(c), '_csrf') || c.req.header('x-csrf-token') || '';
      if (!sameToken(token, holder.session.csrf_token)) {
        return refusal(c, deps.config.page.name, 403, 'Refused: the form is out of date', 'This form was not made for your current session (you may have signed in again elsewhere), so Herald did not act on it. Reload the page and send it again.');
      }
    }
    return next();
  });
}
