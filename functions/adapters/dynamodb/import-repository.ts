// Imported records (app/imports): children first (updates, status history), then the record and its
// source mapping in one transaction. Items are addressed exactly as the incident, maintenance,
// component and template repositories address them (keys.ts), so everything else reads them as usual.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isOpenStatus } from '#core/incident-lifecycle';
import type { Component, Incident, Maintenance } from '#core/model';
import type { Template } from '#core/templates';
import type { ImportMapping, ImportRepository, StatusHistoryEntry } from '#app/ports/store';
import type { TableContext } from './client';
import { toItem } from './items';
import { UPDATE_SK_PREFIX, keys } from './keys';
import { queryAll } from './query-all';
import { batchWrite } from './subscriber-batch-io';
import { TTL_ATTRIBUTE } from './table-definition';
import { commit, plan } from './transactions';


/** A rebuild request is read once from the stream: a day is plenty. */
const REBUILD_REQUEST_TTL_SECONDS = 24 * 3600;
/** A transaction holds 100 items: the record, its mapping and up to this many children. */
const TRANSACTION_CHILDREN = 98;

export function importRepository(ctx: TableContext): ImportRepository {
  const { doc, tableName } = ctx;

  const mappingItem = (m: ImportMapping) => ({ ...keys.importSource(m.system, m.kind, m.source_id), type: 'import_source', ...m });

  /** A status-history entry as the component repository writes it, marked imported (so not published on its own). */
  const historyItem = (h: StatusHistoryEntry, system: string) => ({
    ...keys.componentStatus(h.component_id, h.at, h.cause),
    type: 'component_status',
    component_id: h.component_id,
    status: h.status,
    from: h.at,
    source: { system, id: `${h.component_id}#${h.at}#${h.cause}` },
  });

  /** The record (conditioned on the version the caller read) and its mapping, all or nothing. */
  /**
   * The record (conditioned on the version the caller read), its mapping and, when they fit in the
   * same transaction, its children: all or nothing. Children that do not fit were written before.
   */
  async function putWithMapping(item: object, expectedVersion: number, mapping: ImportMapping, children: readonly object[] = []) {
    const tx = plan();
    for (const child of children) tx.add('other', { Put: { TableName: tableName, Item: child as Record<string, unknown> } });
    tx.add('primary', {
      Put: {
        TableName: tableName,
        Item: item as Record<string, unknown>,
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
      },
    });
    tx.add('other', { Put: { TableName: tableName, Item: mappingItem(mapping) } });
    for (let attempt = 1; ; attempt++) {
      const outcome = await commit(ctx, tx);
      if (outcome === 'conflict' && attempt < 5) continue;
      return outcome === 'ok' ? ('saved' as const) : ('stale' as const);
    }
  }

  /** Children that fit in the record's transaction go with it (returned); more are written first, on their own. */
  async function childrenFirst(children: readonly object[]): Promise<readonly object[]> {
    if (children.length <= TRANSACTION_CHILDREN) return children;
    await batchWrite(ctx, children.map((child) => ({ PutRequest: { Item: child as Record<string, unknown> } })));
    return [];
  }

  /** Update items of a partition beyond the `count` the record now has (a source that deleted some). */
  async function dropUpdatesBeyond(partition: string, count: number) {
    const items = await queryAll(ctx, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': UPDATE_SK_PREFIX },
      ProjectionExpression: 'pk, sk',
    });
    const extra = items.filter((item) => Number(String(item.sk).slice(UPDATE_SK_PREFIX.length)) > count);
    if (extra.length > 0) await batchWrite(ctx, extra.map((item) => ({ DeleteRequest: { Key: { pk: String(item.pk), sk: String(item.sk) } } })));
  }

  return {
    async find(system, kind, sourceId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.importSource(system, kind, sourceId), ConsistentRead: true }));
      return Item ? String(Item.herald_id) : null;
    },

    async putComponent(component: Component, expectedVersion, mapping, history) {
      const children = await childrenFirst(history.map((h) => historyItem(h, mapping.system)));
      return putWithMapping(toItem('component', keys.component(component.id), component), expectedVersion, mapping, children);
    },

    async putIncident(incident: Incident, updates, expectedVersion, mapping, history) {
      const children = await childrenFirst([
        ...updates.map((u) => toItem('incident_update', keys.incidentUpdate(u.incident_id, u.seq), u)),
        ...history.map((h) => historyItem(h, mapping.system)),
      ]);
      const state = isOpenStatus(incident.status) ? 'open' : 'resolved';
      const item = toItem('incident', { ...keys.incident(incident.id), ...keys.incidentsByState(state, incident.created_at, incident.id) }, incident);
      const outcome = await putWithMapping(item, expectedVersion, mapping, children);
      if (outcome === 'saved' && expectedVersion !== 0) await dropUpdatesBeyond(keys.incidentPartition(incident.id), updates.length);
      return outcome;
    },

    async putMaintenance(maintenance: Maintenance, updates, expectedVersion, mapping) {
      const children = await childrenFirst(updates.map((u) => toItem('maintenance_update', keys.maintenanceUpdate(u.maintenance_id, u.seq), u)));
      const item = toItem(
        'maintenance',
        {
          ...keys.maintenance(maintenance.id),
          ...keys.maintenancesByStart(maintenance.scheduled_for, maintenance.id),
          ...(maintenance.status === 'completed' ? {} : keys.maintenancesOpen(maintenance.scheduled_for, maintenance.id)),
        },
        maintenance,
      );
      const outcome = await putWithMapping(item, expectedVersion, mapping, children);
      if (outcome === 'saved' && expectedVersion !== 0) await dropUpdatesBeyond(keys.maintenancePartition(maintenance.id), updates.length);
      return outcome;
    },

    async putTemplate(template: Template, expectedVersion, mapping) {
      return putWithMapping(toItem('template', keys.template(template.id), template), expectedVersion, mapping);
    },

    async componentHistory(componentId) {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.componentStatusPartition(componentId) },
        ConsistentRead: true,
      });
      return items.map((item) => {
        const sk = String(item.sk);
        const at = String(item.from);
        return { component_id: componentId, at, cause: sk.slice(at.length + 1), status: item.status as StatusHistoryEntry['status'] };
      });
    },

    async requestRebuild(at) {
      const n = globalThis.crypto.randomUUID();
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.siteRebuild(at, n), type: 'site_rebuild', requested_at: at, [TTL_ATTRIBUTE]: Math.floor(Date.parse(at) / 1000) + REBUILD_REQUEST_TTL_SECONDS },
        }),
      );
    },
  };
}
