// How long a console sign-in lasts: a mailed link is good for 15 minutes, once; a session ends
// after 12 hours without use or 7 days after sign-in, whichever comes first. Pure: the caller
// gives the time.

export const SIGN_IN_LINK_MINUTES = 15;
export const SESSION_IDLE_HOURS = 12;
export const SESSION_ABSOLUTE_DAYS = 7;
/** A session's last use is written at most this often (each console request would otherwise write). */
export const SESSION_TOUCH_MINUTES = 5;
/** Sign-in links one address may ask for, and one client, per window. */
export const SIGN_IN_REQUESTS_PER_ADDRESS = 5;
export const SIGN_IN_REQUESTS_PER_CLIENT = 20;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SessionTimes {
  created_at: string;
  last_seen_at: string;
}

export function signInLinkExpiry(requestedAt: string): string {
  return new Date(Date.parse(requestedAt) + SIGN_IN_LINK_MINUTES * MINUTE).toISOString();
}

/** When the session ends if nobody uses it again: the earlier of the idle and the absolute limit. */
export function sessionEndsAt(session: SessionTimes): string {
  const idle = Date.parse(session.last_seen_at) + SESSION_IDLE_HOURS * HOUR;
  const absolute = Date.parse(session.created_at) + SESSION_ABSOLUTE_DAYS * DAY;
  return new Date(Math.min(idle, absolute)).toISOString();
}

export function isSessionLive(session: SessionTimes, now: string): boolean {
  return Date.parse(now) < Date.parse(sessionEndsAt(session));
}

/** Whether this use should be written down (the last write is older than SESSION_TOUCH_MINUTES). */
export function shouldTouch(session: SessionTimes, now: string): boolean {
  return Date.parse(now) - Date.parse(session.last_seen_at) >= SESSION_TOUCH_MINUTES * MINUTE;
}
