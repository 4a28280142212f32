// Turning records into table items and back: keys and bookkeeping attributes live only here.
import type { IdempotencyRecord } from '#app/ports/store';
import { TTL_ATTRIBUTE } from './table-definition';
import { keys, type ItemType } from './keys';

const BOOKKEEPING = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type', TTL_ATTRIBUTE]);

export function toItem<T extends object>(type: ItemType, address: Record<string, string>, record: T) {
  return { ...record, ...address, type };
}

export function fromItem<T>(item: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!BOOKKEEPING.has(name)) record[name] = value;
  return record as T;
}

/** The Put that records an idempotent response; it fails if the key was already used. */
export function idempotencyPut(tableName: string, record: IdempotencyRecord) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.idempotency(record.scope, record.key),
        type: 'idempotency',
        fingerprint: record.fingerprint,
        status: record.status,
        body: JSON.stringify(record.body),
        [TTL_ATTRIBUTE]: record.expiresAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
