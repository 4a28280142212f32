import { createMiddleware } from 'hono/factory';
import { clientAddress as resolveClientAddress } from '../client-address';
import type { ApiEnv } from '../env';
import type { OriginVerifier } from '../origin-verify';

export interface ClientAddressOptions {
  /** Checks CloudFront's origin header; without it the viewer header is never trusted. */
  verifyOrigin?: OriginVerifier;
}

/**
 * Puts `clientAddress` on the context: the verified client address, worked out on first use
 * (so routes that never ask for it never read the origin secret).
 */
export function clientAddress({ verifyOrigin }: ClientAddressOptions = {}) {
  return createMiddleware<ApiEnv>(async function clientAddress(c, next) {
    let address: Promise<string> | undefined;
    c.set('clientAddress', () => (address ??= resolveClientAddress(c, verifyOrigin)));
    return next();
  });
}
