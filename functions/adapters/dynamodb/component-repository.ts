// Components: one partition for all of them, plus a status-history partition each.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ComponentRepository, ComponentStatusWrite } from '#app/ports/store';
import type { Component } from '#core/model';
import type { StatusSpan } from '#core/uptime';
import type { TableContext } from './client';
import { componentStatusItems } from './component-status-writes';
import { fromItem, toItem } from './items';
import { keys } from './keys';
import { queryAll } from './query-all';
import { commit, plan } from './transactions';

export function componentRepository(ctx: TableContext): ComponentRepository {
  const { doc, tableName } = ctx;
  return {
    // Every component, by position then name.
    async list() {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.componentsPartition() },
        ConsistentRead: true,
      });
      return items
        .map((item) => fromItem<Component>(item))
        .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
    },

    // One component by id.
    async get(id) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.component(id), ConsistentRead: true }),
      );
      return Item ? fromItem<Component>(Item) : null;
    },

    // A new component and the first entry of its status history.
    async create(component, options) {
      const tx = plan();
      tx.add('primary', {
        Put: {
          TableName: tableName,
          Item: toItem('component', keys.component(component.id), component),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      tx.add('other', historyPut(tableName, {
        id: component.id,
        status: component.status,
        at: component.created_at,
        cause: 'created',
      }));
      tx.withOptions(tableName, options);
      const outcome = await commit(ctx, tx);
      return outcome === 'ok' ? 'created' : 'exists';
    },

    // Replaces a component at the version the caller read; a status move also extends its history.
    async save(component, expectedVersion, statusWrite) {
      const item = toItem('component', keys.component(component.id), component);
      if (!statusWrite) {
        try {
          await doc.send(
            new PutCommand({
              TableName: tableName,
              Item: item,
              ConditionExpression: 'attribute_exists(pk) AND version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
          );
          return 'saved';
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return 'stale';
          throw error;
        }
      }
      const tx = plan();
      tx.add('primary', {
        Put: {
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_exists(pk) AND version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      });
      tx.add('other', historyPut(tableName, statusWrite));
      return (await commit(ctx, tx)) === 'ok' ? 'saved' : 'stale';
    },

    // Removes a component; its history stays (past incidents still name it).
    async delete(id) {
      try {
        await doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.component(id),
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    // A component's status history, oldest first; with `since`, the entry in force then and all after.
    async statusHistory(id, since) {
      const base = {
        TableName: tableName,
        ProjectionExpression: '#status, #from',
        ExpressionAttributeNames: { '#status': 'status', '#from': 'from' },
      };
      const toSpan = (item: Record<string, unknown>) => ({ status: item.status, from: item.from }) as StatusSpan;
      if (!since) {
        const items = await queryAll(ctx, {
          ...base,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.componentStatusPartition(id) },
        });
        return items.map(toSpan);
      }
      const [before, after] = await Promise.all([
        queryAll(
          ctx,
          {
            ...base,
            KeyConditionExpression: 'pk = :pk AND sk < :since',
            ExpressionAttributeValues: { ':pk': keys.componentStatusPartition(id), ':since': since },
            ScanIndexForward: false,
            Limit: 1,
          },
          1,
        ),
        queryAll(ctx, {
          ...base,
          KeyConditionExpression: 'pk = :pk AND sk >= :since',
          ExpressionAttributeValues: { ':pk': keys.componentStatusPartition(id), ':since': since },
        }),
      ]);
      return [...before, ...after].map(toSpan);
    },
  };
}

function historyPut(tableName: string, write: ComponentStatusWrite) {
  // The second item of componentStatusItems is the history entry.
  return componentStatusItems(tableName, write)[1]!;
}
