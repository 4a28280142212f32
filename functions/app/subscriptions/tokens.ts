// Signed links for subscribers: a confirm token (expires) and a manage token (for unsubscribe and
// filters; never expires, because RFC 8058 one-click must keep working from any old mail).
// HMAC-SHA256 with the deployment's secret (Secrets Manager on AWS, the data folder locally),
// truncated to 128 bits; compared in constant time. The subscriber id is derived from the
// address, so a token is bound to one address.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'manage';

export type TokenCheck =
  | { ok: true; subscriberId: string }
  | { ok: false; reason: 'invalid' | 'expired' };

export interface SubscriptionTokens {
  /** A confirm token that stops working at `expiresAt` (epoch seconds). */
  confirm(subscriberId: string, expiresAt: number): Promise<string>;
  manage(subscriberId: string): Promise<string>;
  verify(token: string, purpose: TokenPurpose, nowSeconds: number): Promise<TokenCheck>;
}

/** The secret, fetched once and kept for the life of the process. */
export type TokenKey = () => Promise<string>;

const PREFIX: Record<TokenPurpose, string> = { confirm: 'c', manage: 'm' };
const ID = /^[a-z2-7]{20}$/;
const SIGNATURE_BYTES = 16;

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

  return {
    async confirm(subscriberId, expiresAt) {
      const payload = `${PREFIX.confirm}.${subscriberId}.${expiresAt}`;
      return `${payload}.${await sign(payload)}`;
    },
    async manage(subscriberId) {
      const payload = `${PREFIX.manage}.${subscriberId}`;
      return `${payload}.${await sign(payload)}`;
    },
    async verify(token, purpose, nowSeconds) {
      const parts = token.split('.');
      const signature = parts.pop() ?? '';
      const [prefix, subscriberId, expires] = parts;
      const shapeOk =
        prefix === PREFIX[purpose] &&
        subscriberId !== undefined &&
        ID.test(subscriberId) &&
        (purpose === 'confirm' ? parts.length === 3 && /^\d{1,12}$/.test(expires ?? '') : parts.length === 2);
      if (!shapeOk || !/^[A-Za-z0-9_-]{22}$/.test(signature)) return { ok: false, reason: 'invalid' };
      // Compared as text: base64url's last character has spare bits, so comparing decoded bytes
      // would accept several spellings of one signature.
      const expected = Buffer.from(await sign(parts.join('.')), 'ascii');
      const given = Buffer.from(signature, 'ascii');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
      if (purpose === 'confirm' && Number(expires) < nowSeconds) return { ok: false, reason: 'expired' };
      return { ok: true, subscriberId };
    },
  };
}
