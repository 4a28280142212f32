// Scheduled maintenance: one partition each (META then UPDATE#…), listed by start through gsi1;
// the windows not completed yet also through gsi2 (a sparse key), for the scheduler's sweep.
import type { Maintenance, MaintenanceUpdate, MaintenanceWithUpdates } from '#core/model';
import type { MaintenanceRepository } from '#app/ports/store';
import type { TableContext } from './client';
import { componentStatusItems } from './component-status-writes';
import { fromItem, toItem } from './items';
import { META_SK, keys } from './keys';
import { mapWithConcurrency } from './map-with-concurrency';
import { queryAll } from './query-all';
import { commit, plan } from './transactions';

export function maintenanceRepository(ctx: TableContext): MaintenanceRepository {
  const { tableName } = ctx;
  const metaItem = (m: Maintenance) =>
    toItem(
      'maintenance',
      {
        ...keys.maintenance(m.id),
        ...keys.maintenancesByStart(m.scheduled_for, m.id),
        ...(m.status === 'completed' ? {} : keys.maintenancesOpen(m.scheduled_for, m.id)),
      },
      m,
    );
  const updateItem = (u: MaintenanceUpdate) =>
    toItem('maintenance_update', keys.maintenanceUpdate(u.maintenance_id, u.seq), u);

  // A maintenance with its updates, oldest first.
  async function get(id: string): Promise<MaintenanceWithUpdates | null> {
    const items = await queryAll(ctx, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.maintenancePartition(id) },
      ConsistentRead: true,
    });
    const meta = items.find((item) => item.sk === META_SK);
    if (!meta) return null;
    const updates = items.filter((item) => item.sk !== META_SK).map((item) => fromItem<MaintenanceUpdate>(item));
    return { ...fromItem<Maintenance>(meta), updates };
  }

  /** The windows an index partition lists, each read whole (strongly consistent). */
  async function withUpdatesFrom(indexName: 'gsi1' | 'gsi2', partitionKey: string, partition: string) {
    const metas = await queryAll(ctx, {
      TableName: tableName,
      IndexName: indexName,
      KeyConditionExpression: `${partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
    });
    const full = await mapWithConcurrency(metas, 8, (meta) => get(String(meta.id)));
    return full.filter((m): m is MaintenanceWithUpdates => m !== null);
  }

  /** gsi1, every window by start. */
  const byStart = {
    TableName: tableName,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.maintenancesPartition() } as Record<string, unknown>,
  };

  /**
   * Completed windows from gsi1, oldest or newest first, `limit` of them: the pages it reads pass
   * over the windows not completed yet at that end (the open ones: few, whatever the history).
   */
  async function completedByStart(oldestFirst: boolean, limit: number) {
    return queryAll(
      ctx,
      {
        ...byStart,
        FilterExpression: '#status = :completed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...byStart.ExpressionAttributeValues, ':completed': 'completed' },
        ScanIndexForward: oldestFirst,
        Limit: limit + 10,
      },
      limit,
    );
  }

  return {
    get,

    // Every maintenance, soonest start first, with its updates.
    async list() {
      return withUpdatesFrom('gsi1', 'gsi1pk', keys.maintenancesPartition());
    },

    // Windows not completed yet, soonest start first (the sparse gsi2 key), with their updates.
    async open() {
      const windows = await withUpdatesFrom('gsi2', 'gsi2pk', keys.maintenancesOpenPartition());
      // The index is eventually consistent: the strongly consistent read has the last word.
      return windows.filter((m) => m.status !== 'completed');
    },

    // The newest windows by start (any status), from the index: scheduled-maintenances.json's 50.
    async latest(limit) {
      const metas = await queryAll(ctx, { ...byStart, ScanIndexForward: false, Limit: limit }, limit);
      return metas.map((item) => fromItem<Maintenance>(item));
    },

    // The newest completed windows by start, from the index: the history landing and the feeds.
    async latestCompleted(limit) {
      return (await completedByStart(false, limit)).map((item) => fromItem<Maintenance>(item));
    },

    // A month's windows from the index alone (no updates): one query, whatever the history holds.
    async summariesStartingIn(month) {
      const metas = await queryAll(ctx, {
        ...byStart,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :month)',
        ExpressionAttributeValues: { ':pk': keys.maintenancesPartition(), ':month': keys.maintenancesStartingInPrefix(month) },
      });
      return metas.map((item) => fromItem<Maintenance>(item));
    },

    // The earliest completed window's start (where the history's months begin, with incidents).
    async firstCompletedStart() {
      const [first] = await completedByStart(true, 1);
      return first === undefined ? null : String(first.scheduled_for);
    },

    // The window's own fields, if it is still at expectedVersion.
    async save(maintenance, expectedVersion, options) {
      const tx = plan();
      tx.add('primary', {
        Put: {
          TableName: tableName,
          Item: metaItem(maintenance),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      });
      tx.withOptions(tableName, options);
      return (await commit(ctx, tx)) === 'ok' ? 'saved' : 'stale';
    },

    // A new maintenance and its first update.
    async create(maintenance, update, options) {
      const tx = plan();
      tx.add('primary', { Put: { TableName: tableName, Item: metaItem(maintenance), ConditionExpression: 'attribute_not_exists(pk)' } });
      tx.add('other', { Put: { TableName: tableName, Item: updateItem(update) } });
      tx.withOptions(tableName, options);
      return (await commit(ctx, tx)) === 'ok' ? 'created' : 'exists';
    },

    // An update appended (and components moved) if the maintenance is still at expectedVersion.
    async append(maintenance, expectedVersion, update, components, options) {
      const tx = plan();
      tx.add('primary', {
        Put: {
          TableName: tableName,
          Item: metaItem(maintenance),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      });
      tx.add('other', { Put: { TableName: tableName, Item: updateItem(update), ConditionExpression: 'attribute_not_exists(pk)' } });
      for (const write of components) tx.add('component', ...componentStatusItems(tableName, write));
      tx.withOptions(tableName, options);
      return (await commit(ctx, tx)) === 'ok' ? 'saved' : 'stale';
    },
  };
}
