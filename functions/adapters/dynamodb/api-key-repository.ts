// Responder API keys, stored only as SHA-256 hashes.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRepository, StoredApiKey } from '#app/ports/store';
import type { TableContext } from './client';
import { fromItem, toItem } from './items';
import { keys } from './keys';
import { queryAll } from './query-all';

export function apiKeyRepository(ctx: TableContext): ApiKeyRepository {
  const { doc, tableName } = ctx;
  const list = async () => {
    const items = await queryAll(ctx, {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.apiKeysPartition() },
    });
    return items.map((item) => fromItem<StoredApiKey>(item));
  };
  return {
    // The key whose hash this is.
    async findByHash(hash) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.apiKey(hash) }));
      return Item ? fromItem<StoredApiKey>(Item) : null;
    },

    // A new key (by hash).
    async create(key) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem('api_key', { ...keys.apiKey(key.hash), ...keys.apiKeysByCreation(key.created_at) }, key),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'exists';
        throw error;
      }
    },

    // Every key, oldest first.
    list,

    // Last use, written only when the recorded one is older than `notAfter` (or absent).
    async recordUse(hash, at, notAfter) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.apiKey(hash),
            UpdateExpression: 'SET last_used_at = :at',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(last_used_at) OR last_used_at < :notAfter)',
            ExpressionAttributeValues: { ':at': at, ':notAfter': notAfter },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    // Revokes the key with this prefix.
    async revoke(prefix, at) {
      const match = (await list()).find((key) => key.prefix === prefix && !key.revoked_at);
      if (!match) return false;
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.apiKey(match.hash),
          UpdateExpression: 'SET revoked_at = :at',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    },
  };
}
