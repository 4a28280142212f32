// The Hono environment every /v1 route shares: what the middleware learned about the request.
import type { IdempotencyClaim } from '#app/context';

export interface ApiEnv {
  Variables: {
    requestId: string;
    /** The API key holder's name; null on public routes. */
    actor: string | null;
    /** Set when a POST carried an Idempotency-Key seen for the first time. */
    idempotency: Omit<IdempotencyClaim, 'respond'> | undefined;
  };
}
