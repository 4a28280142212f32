// Stored first responses to requests that carried an Idempotency-Key (expired by TTL).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRepository } from '#app/ports/store';
import type { TableContext } from './client';
import { keys } from './keys';
import { TTL_ATTRIBUTE } from './table-definition';

export function idempotencyRepository({ doc, tableName }: TableContext): IdempotencyRepository {
  return {
    // The first response under this key. A record stays until the table's TTL removes it: the
    // claim's attribute_not_exists condition honours it until then as well, and judging expiry
    // here would need a clock this adapter does not have (callers hold the injected one).
    async find(scope, key) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }),
      );
      if (!Item) return null;
      const expiresAt = Number(Item[TTL_ATTRIBUTE]);
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
