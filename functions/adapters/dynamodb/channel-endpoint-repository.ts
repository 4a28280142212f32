// Channel endpoints: one small partition (ENDPOINTS) holding every webhook, Slack and Teams endpoint.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import type { ChannelEndpointRepository } from '#app/ports/store';
import type { TableContext } from './client';
import { fromItem, toItem } from './items';
import { ENDPOINT_SK_PREFIX, keys } from './keys';
import { queryAll } from './query-all';
import { TTL_ATTRIBUTE } from './table-definition';
import { commit, plan } from './transactions';

const byCreation = (a: ChannelEndpoint, b: ChannelEndpoint) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);

export function channelEndpointRepository(ctx: TableContext): ChannelEndpointRepository {
  const { doc, tableName } = ctx;
  const put = async (Item: object, condition: string, values?: Record<string, unknown>) => {
    try {
      await doc.send(new PutCommand({ TableName: tableName, Item, ConditionExpression: condition, ExpressionAttributeValues: values }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  return {
    // One endpoint by id (strongly consistent).
    async get(id) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.channelEndpoint(id), ConsistentRead: true }));
      return Item ? fromItem<ChannelEndpoint>(Item) : null;
    },

    // Every endpoint, oldest first: one query of the partition.
    async list() {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.channelEndpointsPartition(), ':prefix': ENDPOINT_SK_PREFIX },
        ConsistentRead: true,
      });
      return items.map((item) => fromItem<ChannelEndpoint>(item)).sort(byCreation);
    },

    // A new endpoint (with the request's idempotency record, in one transaction, when there is one).
    async create(endpoint, options) {
      const item: Record<string, unknown> = { ...toItem('channel_endpoint', keys.channelEndpoint(endpoint.id), endpoint) };
      // A pending endpoint's expiry; replaced by the confirmation's save, which carries none.
      if (options?.expiresAt !== undefined) item[TTL_ATTRIBUTE] = options.expiresAt;
      if (!options?.idempotency) return (await put(item, 'attribute_not_exists(pk)')) ? 'created' : 'exists';
      const tx = plan();
      tx.add('primary', { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });
      tx.withOptions(tableName, options);
      return (await commit(ctx, tx)) === 'ok' ? 'created' : 'exists';
    },

    // Replaces an endpoint at the version the caller read.
    async save(next, expectedVersion) {
      const item = toItem('channel_endpoint', keys.channelEndpoint(next.id), next);
      const saved = await put(item, 'attribute_exists(pk) AND version = :expected', { ':expected': expectedVersion });
      return saved ? 'saved' : 'stale';
    },

    // Removes an endpoint; false when there was none.
    async delete(id) {
      try {
        await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.channelEndpoint(id), ConditionExpression: 'attribute_exists(pk)' }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
