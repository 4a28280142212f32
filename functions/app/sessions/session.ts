// Console sign-in: a mailed one-time link (SignInRequest) becomes a session (Session), kept
// server-side and named in the browser only by a random id in an HttpOnly cookie. The table
// holds the id's SHA-256, never the id itself, so reading the table does not sign anyone in.
import { createHash, randomBytes } from 'node:crypto';

export interface SignInRequest {
  /** 20 base32 characters; the link carries it signed (tokens.ts), so it cannot be guessed or forged. */
  id: string;
  email: string;
  requested_at: string;
  link_expires_at: string;
  /** The console path to open after sign-in (already checked to be one). */
  next: string;
}

export interface Session {
  /** SHA-256 of the cookie's id, hex: the record's key. */
  id_hash: string;
  /** A short, shareable name for the session (lists, revocation): the hash's first 16 characters. */
  handle: string;
  email: string;
  created_at: string;
  last_seen_at: string;
  /** The browser as it named itself at sign-in (shown in the list of sessions). */
  user_agent: string | null;
  /** The client address at sign-in. */
  client: string | null;
  /** Forms carry it back (CSRF): random per session, compared in constant time. */
  csrf_token: string;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 20 base32 characters (100 bits): the shape signed tokens carry. */
export function newSignInRequestId(): string {
  let id = '';
  for (const byte of randomBytes(20)) id += BASE32[byte % 32];
  return id;
}

/** The cookie's value: 32 random bytes. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sessionIdHash(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

export function sessionHandle(idHash: string): string {
  return idHash.slice(0, 16);
}
