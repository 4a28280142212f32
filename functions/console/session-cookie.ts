// The session cookie: a random id, HttpOnly, SameSite=Lax, path /console; `Secure` with the
// `__Host-` prefix behind HTTPS. It lives as long as the session may (7 days); the server decides
// sooner (12 h idle) and forgets it on sign-out.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_ABSOLUTE_DAYS } from '#core/session-policy';

const cookieName = (secure: boolean) => (secure ? '__Host-herald_session' : 'herald_session');

export function readSessionCookie(c: Context, secure: boolean): string | undefined {
  return getCookie(c, cookieName(secure));
}

export function writeSessionCookie(c: Context, secure: boolean, sessionId: string): void {
  setCookie(c, cookieName(secure), sessionId, {
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    // __Host- cookies must have Path=/; the plain one is kept to the console.
    path: secure ? '/' : '/console',
    maxAge: SESSION_ABSOLUTE_DAYS * 86_400,
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, cookieName(secure), { path: secure ? '/' : '/console', secure, httpOnly: true, sameSite: 'Lax' });
}
