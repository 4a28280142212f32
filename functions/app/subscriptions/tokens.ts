// Signed links for subscribers: a confirm token (expires after a day) and a manage token (for
// unsubscribe and filters). A manage token carries the subscriber's token epoch and its issue
// time: it stops working when the subscriber asks for fresh links (the epoch moves on, see
// subscriber.ts) or MANAGE_TOKEN_DAYS after it was issued, and until then RFC 8058 one-click
// keeps working from any mail. HMAC-SHA256 with the deployment's secret (Secrets Manager on AWS,
// the data folder locally), truncated to 128 bits; compared in constant time. The subscriber id
// is derived from the address, so a token is bound to one address.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MANAGE_TOKEN_DAYS } from './subscriber';

/** `signin`: a console sign-in link (app/sessions), signed the same way for the id of its request.
 *  `endpoint`: a reader's webhook, Slack or Teams endpoint waiting for its contact to confirm it;
 *  `reactivate`: a quarantined endpoint's contact link (app/channels): both for an endpoint's id. */
export type TokenPurpose = 'confirm' | 'manage' | 'signin' | 'endpoint' | 'reactivate';

export type TokenCheck =
  | { ok: true; subscriberId: string; expiresAt: number }
  | { ok: false; reason: 'invalid' | 'expired' };

/** What a manage token says: whose it is, the token epoch it was issued in, and when (epoch seconds). */
export interface ManageClaims {
  subscriberId: string;
  epoch: number;
  issuedAt: number;
}

export type ManageTokenCheck = ({ ok: true } & ManageClaims) | { ok: false; reason: 'invalid' | 'expired' };

export interface SubscriptionTokens {
  /** A confirm token that stops working at `expiresAt` (epoch seconds). */
  confirm(subscriberId: string, expiresAt: number): Promise<string>;
  /** A manage token; it stops working MANAGE_TOKEN_DAYS after `issuedAt`, or when the epoch moves on. */
  manage(claims: ManageClaims): Promise<string>;
  /** A console sign-in link's token for a sign-in request's id; it stops working at `expiresAt`. */
  signIn(requestId: string, expiresAt: number): Promise<string>;
  /** A link for an endpoint's contact (confirm it, or reactivate it after quarantine); it stops working at `expiresAt`. */
  endpoint(purpose: 'endpoint' | 'reactivate', endpointId: string, expiresAt: number): Promise<string>;
  /** Checks the signature and the age; a manage token's epoch is the caller's to compare with the subscriber's. */
  verify<P extends TokenPurpose>(token: string, purpose: P, nowSeconds: number): Promise<CheckOf<P>>;
}

export type CheckOf<P extends TokenPurpose> = P extends 'manage' ? ManageTokenCheck : TokenCheck;

/** The secret, fetched once and kept for the life of the process. */
export type TokenKey = () => Promise<string>;

const PREFIX: Record<TokenPurpose, string> = { confirm: 'c', manage: 'm', signin: 's', endpoint: 'w', reactivate: 'r' };
const ID = /^[a-z2-7]{20}$/;
/** Endpoint ids (app/ids.ts). */
const ENDPOINT_ID = /^[a-z0-9]{12}$/;
const idPattern = (purpose: TokenPurpose) => (purpose === 'endpoint' || purpose === 'reactivate' ? ENDPOINT_ID : ID);
const NUMBER = /^(0|[1-9]\d{0,14})$/;
const SIGNATURE_BYTES = 16;
const MANAGE_TOKEN_SECONDS = MANAGE_TOKEN_DAYS * 86_400;

/** A whole, non-negative number of at most 15 digits (what a token can carry). */
const checkedNumber = (name: string, n: number) => {
  if (!Number.isSafeInteger(n) || n < 0 || !NUMBER.test(String(n))) throw new RangeError(`${name} must be a whole number ≥ 0, not ${n}`);
  return String(n);
};

export function createSubscriptionTokens(key: TokenKey): SubscriptionTokens {
  let secret: Promise<string> | undefined;
  const sign = async (payload: string) => {
    secret ??= key().catch((error: unknown) => {
      secret = undefined; // a failed fetch is tried again on the next request
      throw error;
    });
    const mac = createHmac('sha256', await secret).update(`herald/subscription/v1/${payload}`).digest();
    return mac.subarray(0, SIGNATURE_BYTES).toString('base64url');
  };
  const signed = async (payload: string) => `${payload}.${await sign(payload)}`;

  /** The token's fields when its shape and signature are right; null otherwise. */
  async function opened(token: string, purpose: TokenPurpose): Promise<string[] | null> {
    const parts = token.split('.');
    const signature = parts.pop() ?? '';
    const [prefix, subscriberId, ...numbers] = parts;
    const shapeOk =
      prefix === PREFIX[purpose] &&
      subscriberId !== undefined &&
      idPattern(purpose).test(subscriberId) &&
      numbers.length === (purpose === 'manage' ? 2 : 1) &&
      numbers.every((n) => NUMBER.test(n));
    if (!shapeOk || !/^[A-Za-z0-9_-]{22}$/.test(signature)) return null;
    // Compared as text: base64url's last character has spare bits, so comparing decoded bytes
    // would accept several spellings of one signature.
    const expected = Buffer.from(await sign(parts.join('.')), 'ascii');
    const given = Buffer.from(signature, 'ascii');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return [subscriberId, ...numbers];
  }

  async function check(token: string, purpose: TokenPurpose, nowSeconds: number): Promise<TokenCheck | ManageTokenCheck> {
    const fields = await opened(token, purpose);
    if (!fields) return { ok: false, reason: 'invalid' };
    const [subscriberId, first, second] = fields as [string, string, string | undefined];
    const expiresAt = Number(first);
    if (purpose !== 'manage') return expiresAt < nowSeconds ? { ok: false, reason: 'expired' } : { ok: true, subscriberId, expiresAt };
    const issuedAt = Number(second);
    if (issuedAt + MANAGE_TOKEN_SECONDS <= nowSeconds) return { ok: false, reason: 'expired' };
    return { ok: true, subscriberId, epoch: Number(first), issuedAt };
  }

  return {
    confirm: async (subscriberId, expiresAt) => signed(`${PREFIX.confirm}.${subscriberId}.${checkedNumber('expiresAt', expiresAt)}`),
    manage: async ({ subscriberId, epoch, issuedAt }) =>
      signed(`${PREFIX.manage}.${subscriberId}.${checkedNumber('epoch', epoch)}.${checkedNumber('issuedAt', issuedAt)}`),
    endpoint: async (purpose, endpointId, expiresAt) => {
      if (!ENDPOINT_ID.test(endpointId)) throw new RangeError(`not an endpoint id: ${endpointId}`);
      return signed(`${PREFIX[purpose]}.${endpointId}.${checkedNumber('expiresAt', expiresAt)}`);
    },
    signIn: async (requestId, expiresAt) => signed(`${PREFIX.signin}.${requestId}.${checkedNumber('expiresAt', expiresAt)}`),
    verify: <P extends TokenPurpose>(token: string, purpose: P, nowSeconds: number) => check(token, purpose, nowSeconds) as Promise<CheckOf<P>>,
  };
}
