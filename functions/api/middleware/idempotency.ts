import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { IdempotencyRepository } from '#app/ports/store';
import { IdempotencyKeyTakenError, IdempotencyMismatchError, ValidationError } from '#core/errors';
import type { ApiEnv } from '../env';

export interface IdempotencyOptions {
  repository: IdempotencyRepository;
  /** The current time, ISO 8601 (the app's injected clock). */
  now: () => string;
  /** How long a key is remembered. */
  ttlSeconds?: number;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Honours `Idempotency-Key` on POST. A key seen before with the same request replays the first
 * answer and changes nothing; with another request it is 422. A first-time key is claimed by
 * the use case in the same transaction as its change (see app/context.ts), so two racing
 * requests with one key still change things once: the loser replays the winner's answer.
 *
 * Keys are scoped by who sends them: the API key's id (never its holder's name, which two keys
 * may share), or on public routes the verified client address (never a header the client sets).
 */
export function idempotency({ repository, now, ttlSeconds = 24 * 3600 }: IdempotencyOptions) {
  return createMiddleware<ApiEnv>(async function idempotency(c, next) {
    c.set('idempotency', undefined);
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1 to 255 visible ASCII characters.', [
        { path: 'Idempotency-Key', message: 'invalid' },
      ]);
    }
    const keyId = c.get('keyId');
    const scope = keyId ? `key:${keyId}` : `public:${await c.get('clientAddress')()}`;
    const body = await c.req.text();
    const fingerprint = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${body}`).digest('hex');

    const replay = async () => {
      const record = await repository.find(scope, key);
      if (!record) return null;
      if (record.fingerprint !== fingerprint) {
        throw new IdempotencyMismatchError('This Idempotency-Key was used with a different request.');
      }
      return c.json(record.body as object, record.status as 200, { 'idempotent-replayed': 'true' });
    };

    const earlier = await replay();
    if (earlier) return earlier;
    c.set('idempotency', { scope, key, fingerprint, expiresAt: Math.floor(Date.parse(now()) / 1000) + ttlSeconds });
    await next();
    if (c.error instanceof IdempotencyKeyTakenError) {
      const winner = await replay();
      if (winner) c.res = winner;
    }
  });
}
