// Stored first responses to requests that carried an Idempotency-Key (expired by TTL).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRepository } from '#app/ports/store';
import type { TableContext } from './client';
import { keys } from './keys';
import { TTL_ATTRIBUTE } from './table-definition';

export function idempotencyRepository({ doc, tableName }: TableContext): IdempotencyRepository {
  return {
    // The first response under this key, unless it has expired.
    async find(scope, key) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }),
      );
      if (!Item) return null;
      const expiresAt = Number(Item[TTL_ATTRIBUTE]);
      // TTL deletion is lazy: an expired record is treated as gone.
      if (expiresAt * 1000 < Date.now()) return null;
      return {
        scope,
        key,
        fingerprint: String(Item.fingerprint),
        status: Number(Item.status),
        body: JSON.parse(String(Item.body)),
        expiresAt,
      };
    },
  };
}
