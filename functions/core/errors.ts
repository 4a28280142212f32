// Named failures that use cases throw. One place (api/on-error.ts) maps `code` to problem+json.

export interface FieldError {
  path: string;
  message: string;
}

export class HeraldError extends Error {
  readonly code: string = 'internal';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends HeraldError {
  override readonly code = 'validation';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends HeraldError {
  override readonly code = 'not_found';
}

/** A move the lifecycle forbids (409). */
export class ConflictError extends HeraldError {
  override readonly code = 'conflict';
}

/** `If-Match` named a version that is no longer current (412). */
export class PreconditionFailedError extends HeraldError {
  override readonly code = 'precondition_failed';
}

/** An `Idempotency-Key` reused with another request (422). */
export class IdempotencyMismatchError extends HeraldError {
  override readonly code = 'idempotency_mismatch';
}

export class UnauthorizedError extends HeraldError {
  override readonly code = 'unauthorized';
}

/** The caller is known but may not do this, e.g. an API key without the route's scope (403). */
export class ForbiddenError extends HeraldError {
  override readonly code = 'forbidden';
}

/** The store kept losing optimistic-concurrency races; safe to retry (503). */
export class ContentionError extends HeraldError {
  override readonly code = 'contention';
}

/** The request's Idempotency-Key was claimed by a concurrent request first: replay that one. */
export class IdempotencyKeyTakenError extends HeraldError {
  override readonly code = 'idempotency_taken';
}

/** The body is larger than the API accepts (413). */
export class PayloadTooLargeError extends HeraldError {
  override readonly code = 'payload_too_large';
}
