// Incidents: one partition each (META then UPDATE#000001…), listed by state through gsi1.
import { ContentionError } from '#core/errors';
import { isOpenStatus } from '#core/incident-lifecycle';
import type { Incident, IncidentUpdate, IncidentWithUpdates } from '#core/model';
import type { ComponentStatusWrite, IncidentRepository, IncidentWriteOptions, ListPosition } from '#app/ports/store';
import type { TableContext } from './client';
import { componentStatusItems } from './component-status-writes';
import { fromItem, toItem } from './items';
import { META_SK, UPDATE_SK_PREFIX, keys } from './keys';
import { mapWithConcurrency } from './map-with-concurrency';
import { queryAll } from './query-all';
import { scanAll } from './scan-all';
import { scanPartitions } from './scan-partitions';
import { timelineEventPut } from './timeline-repository';
import { commit, plan } from './transactions';

export function incidentRepository(ctx: TableContext): IncidentRepository {
  const { tableName } = ctx;

  const metaItem = (incident: Incident) => {
    const state = isOpenStatus(incident.status) ? 'open' : 'resolved';
    return toItem('incident', { ...keys.incident(incident.id), ...keys.incidentsByState(state, incident.created_at, incident.id) }, incident);
  };

  const updateItem = (update: IncidentUpdate) =>
    toItem('incident_update', keys.incidentUpdate(update.incident_id, update.seq), update);

  /** The change's internal timeline events go in the same transaction (all or nothing). */
  const withEvents = (tx: ReturnType<typeof plan>, options?: IncidentWriteOptions) => {
    for (const event of options?.events ?? []) tx.add('other', timelineEventPut(tableName, event));
  };

  const withComponentsAndOptions = (
    tx: ReturnType<typeof plan>,
    components: ComponentStatusWrite[],
    options?: IncidentWriteOptions,
  ) => {
    for (const write of components) tx.add('component', ...componentStatusItems(tableName, write));
    withEvents(tx, options);
    tx.withOptions(tableName, options);
  };

  const isUpdate = (item: Record<string, unknown>) => String(item.sk).startsWith(UPDATE_SK_PREFIX);

  /** The incident an incident partition's items hold (its updates by seq), if its META is among them. */
  function incidentOf(items: readonly Record<string, unknown>[]): IncidentWithUpdates | undefined {
    const meta = items.find((item) => item.sk === META_SK);
    if (meta === undefined) return undefined;
    const updates = items.filter(isUpdate).map((item) => fromItem<IncidentUpdate>(item));
    return { ...fromItem<Incident>(meta), updates: updates.sort((a, b) => a.seq - b.seq) };
  }

  // An incident with its updates, oldest first. `sk >= META` leaves out the internal timeline
  // (EVENT#… sorts before META): what the public page is built from never contains it.
  async function get(id: string): Promise<IncidentWithUpdates | null> {
    const items = await queryAll(ctx, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk >= :meta',
      ExpressionAttributeValues: { ':pk': keys.incidentPartition(id), ':meta': META_SK },
      ConsistentRead: true,
    });
    return incidentOf(items) ?? null;
  }

  /** META items of a state, newest first; with `before`, only those listed after that incident. */
  async function metasByState(state: 'open' | 'resolved', limit: number, before?: ListPosition): Promise<Incident[]> {
    const items = await queryAll(
      ctx,
      {
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: before === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk < :before',
        ExpressionAttributeValues: {
          ':pk': keys.incidentsByStatePartition(state),
          ...(before === undefined ? {} : { ':before': keys.incidentsByState(state, before.created_at, before.id).gsi1sk }),
        },
        ScanIndexForward: false,
        Limit: Math.min(limit, 500),
      },
      limit,
    );
    return items.map((item) => fromItem<Incident>(item));
  }

  async function withUpdates(metas: Incident[]): Promise<IncidentWithUpdates[]> {
    const full = await mapWithConcurrency(metas, 16, (meta) => get(meta.id));
    return full.filter((incident): incident is IncidentWithUpdates => incident !== null);
  }

  /** META items of both states (gsi1) whose `<created_at>#<id>` sort key meets a condition. */
  async function metasWhereCreated(condition: string, values: Record<string, unknown>): Promise<Incident[]> {
    const metas = await Promise.all(
      (['open', 'resolved'] as const).map(async (state) =>
        (
          await queryAll(ctx, {
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: `gsi1pk = :pk AND ${condition}`,
            ExpressionAttributeValues: { ':pk': keys.incidentsByStatePartition(state), ...values },
          })
        ).map((item) => fromItem<Incident>(item)),
      ),
    );
    return metas.flat();
  }

  async function metasDeclaredIn(month: string): Promise<Incident[]> {
    return (await metasWhereCreated('begins_with(gsi1sk, :month)', { ':month': month })).sort(newestFirst);
  }

  const newestFirst = (a: Incident, b: Incident) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id);

  return {
    get,

    // Incidents declared in one UTC month, newest first: one history page.
    async declaredIn(month) {
      return withUpdates(await metasDeclaredIn(month));
    },

    // The same, their META items only.
    summariesDeclaredIn: metasDeclaredIn,

    // The declaration time of the oldest incident.
    async firstDeclaredAt() {
      const oldest = await Promise.all(
        (['open', 'resolved'] as const).map(async (state) => {
          const [item] = await queryAll(
            ctx,
            {
              TableName: tableName,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': keys.incidentsByStatePartition(state) },
              ScanIndexForward: true,
              Limit: 1,
            },
            1,
          );
          return item ? String(item.created_at) : null;
        }),
      );
      const found = oldest.filter((at): at is string => at !== null).sort();
      return found[0] ?? null;
    },

    // Every incident: a parallel scan of the table, grouped by incident.
    async all() {
      const items = await scanAll(ctx, 'begins_with(pk, :prefix)', { ':prefix': 'INCIDENT#' });
      const byId = new Map<string, Record<string, unknown>[]>();
      for (const item of items) {
        if (item.sk !== META_SK && !isUpdate(item)) continue; // internal timeline events: responders only
        const id = String(item.pk).slice('INCIDENT#'.length);
        const partition = byId.get(id);
        if (partition) partition.push(item);
        else byId.set(id, [item]);
      }
      return [...byId.values()].flatMap((partition) => incidentOf(partition) ?? []);
    },

    // The same, a batch at a time as the segments read them (scan-partitions.ts).
    async *allInBatches(options) {
      for await (const partitions of scanPartitions(ctx, 'begins_with(pk, :prefix)', { ':prefix': 'INCIDENT#' }, options)) {
        const batch = partitions.flatMap((partition) => incidentOf(partition) ?? []);
        if (batch.length > 0) yield batch;
      }
    },

    // Incidents declared in [from, to), oldest first, each with its updates.
    async declaredBetween(from, to) {
      // gsi1sk is `<created_at>#<id>`: from `from` up to, not including, `to`.
      const metas = (await metasWhereCreated('gsi1sk BETWEEN :from AND :to', { ':from': from, ':to': `${to}#` })).filter(
        (incident) => incident.created_at >= from && incident.created_at < to,
      );
      return withUpdates(metas.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id)));
    },

    // Incidents of a state, newest first, each with its updates; with `before`, those listed after it.
    async list(state, limit, before) {
      const states = state === 'all' ? (['open', 'resolved'] as const) : [state];
      const metas = (await Promise.all(states.map((s) => metasByState(s, limit, before))))
        .flat()
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
        .slice(0, limit);
      return withUpdates(metas);
    },

    // The same, META items only (what a publish checks its remembered incidents against).
    async summaries(state, limit) {
      const states = state === 'all' ? (['open', 'resolved'] as const) : [state];
      return (await Promise.all(states.map((s) => metasByState(s, limit))))
        .flat()
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
        .slice(0, limit);
    },

    // A new incident, its first update and the components it moves, all or nothing.
    async create(incident, update, components, options) {
      const tx = plan();
      tx.add('primary', { Put: { TableName: tableName, Item: metaItem(incident), ConditionExpression: 'attribute_not_exists(pk)' } });
      tx.add('other', { Put: { TableName: tableName, Item: updateItem(update), ConditionExpression: 'attribute_not_exists(pk)' } });
      withComponentsAndOptions(tx, components, options);
      for (let attempt = 1; ; attempt++) {
        const outcome = await commit(ctx, tx);
        // A TransactionConflict says nothing about the id: try the same write again.
        if (outcome === 'conflict' && attempt < 5) continue;
        if (outcome === 'conflict') throw new ContentionError('The store is busy; try again.');
        return outcome === 'ok' ? 'created' : 'exists';
      }
    },

    // An update appended at the next sequence number, if the incident is still at expectedVersion.
    async append(incident, expectedVersion, update, components, options) {
      const tx = plan();
      tx.add('primary', {
        Put: {
          TableName: tableName,
          Item: metaItem(incident),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      });
      tx.add('other', { Put: { TableName: tableName, Item: updateItem(update), ConditionExpression: 'attribute_not_exists(pk)' } });
      withComponentsAndOptions(tx, components, options);
      const outcome = await commit(ctx, tx);
      return outcome === 'ok' ? 'saved' : 'stale';
    },

    // The incident's own fields, if it is still at expectedVersion.
    async save(incident, expectedVersion, options) {
      const tx = plan();
      tx.add('primary', {
        Put: {
          TableName: tableName,
          Item: metaItem(incident),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      });
      withEvents(tx, options);
      tx.withOptions(tableName, options);
      const outcome = await commit(ctx, tx);
      return outcome === 'ok' ? 'saved' : 'stale';
    },
  };
}
