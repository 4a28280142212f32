// The one place that turns an error into an HTTP answer. Unknown errors are logged with the
// request id and answered 500 without their details.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { HeraldError, ValidationError } from '#core/errors';
import { problem, problemResponse } from './problem';

const STATUS_BY_CODE: Record<string, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  idempotency_mismatch: 422,
  // Lost a race for an Idempotency-Key: the idempotency middleware answers with the winner's response.
  idempotency_taken: 409,
  contention: 503,
  rate_limited: 429,
};

export function onError(error: Error, c: Context): Response {
  const requestId = c.get('requestId') as string | undefined;
  if (error instanceof HeraldError && STATUS_BY_CODE[error.code]) {
    const status = STATUS_BY_CODE[error.code]!;
    const errors = error instanceof ValidationError && error.errors.length > 0 ? error.errors : undefined;
    const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
    if (status === 503) headers['retry-after'] = '1';
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
    return problemResponse(problem(status, error.message, errors ? { errors } : {}), headers);
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own rejections: malformed JSON, and the like.
    return problemResponse(problem(error.status, error.message || 'The request could not be read.'));
  }
  console.error(JSON.stringify({ level: 'error', request_id: requestId, message: error.message, stack: error.stack }));
  return problemResponse(
    problem(500, 'Something went wrong on our side. Nothing was changed unless a later read shows it.', {
      request_id: requestId,
    }),
  );
}
