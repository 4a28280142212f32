// Fixed-window request counters per client, shared by every API instance (one atomic ADD per
// request), forgotten by TTL once their window has passed.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimitRepository } from '#app/ports/store';
import type { TableContext } from './client';
import { keys } from './keys';
import { TTL_ATTRIBUTE } from './table-definition';

export function rateLimitRepository({ doc, tableName }: TableContext): RateLimitRepository {
  return {
    // Counts one request in the client's window.
    async hit(key, windowStart, expiresAt) {
      const { Attributes } = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.rateLimit(key, windowStart),
          UpdateExpression: 'SET #type = :type, #ttl = :ttl ADD requests :one',
          ExpressionAttributeNames: { '#type': 'type', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':type': 'rate_limit', ':ttl': expiresAt, ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.requests ?? 1);
    },
  };
}
