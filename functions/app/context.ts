// What every use case is told about the request it serves.
import type { IdempotencyRecord } from './ports/store';

export interface IdempotencyClaim {
  scope: string;
  key: string;
  fingerprint: string;
  expiresAt: number;
  /** The HTTP answer the result will produce, stored so a replay returns it unchanged. */
  respond(result: unknown): { status: number; body: unknown };
}

export interface RequestContext {
  /** The name of the API key that made the request (null for public routes and system work). */
  actor: string | null;
  /** The time of the request, ISO 8601 UTC. */
  now: string;
  idempotency?: IdempotencyClaim;
}

export function idempotencyRecord(ctx: RequestContext, result: unknown): IdempotencyRecord | undefined {
  const claim = ctx.idempotency;
  if (!claim) return undefined;
  const { status, body } = claim.respond(result);
  return { scope: claim.scope, key: claim.key, fingerprint: claim.fingerprint, expiresAt: claim.expiresAt, status, body };
}
