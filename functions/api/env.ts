// The Hono environment every /v1 route shares: what the middleware learned about the request.
import type { IdempotencyClaim } from '#app/context';

export interface ApiEnv {
  Variables: {
    requestId: string;
    /** The API key holder's name; null on public routes. */
    actor: string | null;
    /** The API key's stable id (not its name, which two keys may share); null on public routes. */
    keyId: string | null;
    /** The client's address, verified (see client-address.ts); worked out on first call. */
    clientAddress: () => Promise<string>;
    /** Set when a POST carried an Idempotency-Key seen for the first time. */
    idempotency: Omit<IdempotencyClaim, 'respond'> | undefined;
  };
}
