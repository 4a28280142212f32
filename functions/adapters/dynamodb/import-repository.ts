// Imported records (app/imports): children first (updates, status history), then the record and its
// source mapping in one transaction. A batch's new incidents old enough that no declaration can take
// their ids (ImportWrite.childrenFirst) go another way, cheaper per item: their ids are claimed (one
// transaction: the id free, the claim, the mapping), then their children written with
// BatchWriteItem, then the incidents themselves, so a reader never finds one missing an update. Items are addressed exactly as the incident, maintenance,
// component and template repositories address them (keys.ts), so everything else reads them as usual.
import { GetCommand, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { isOpenStatus } from '#core/incident-lifecycle';
import type { Component, Incident, Maintenance } from '#core/model';
import type { Template } from '#core/templates';
import type { ImportMapping, ImportRepository, ImportWrite, SaveResult, StatusHistoryEntry } from '#app/ports/store';
import type { TableContext } from './client';
import { toItem } from './items';
import { UPDATE_SK_PREFIX, keys } from './keys';
import { queryAll } from './query-all';
import { batchGet, batchWrite } from './subscriber-batch-io';
import { TTL_ATTRIBUTE } from './table-definition';
import { cancellationCodes, commit, isTransactionConflict, plan } from './transactions';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
/** Items in one packed transaction of a batch (TransactWriteItems takes at most 100). */
const PACKED_ITEMS = 100;
/** Packed transactions of one batch in flight at once. */
const PACKED_IN_FLIGHT = 4;


/** A rebuild request is read once from the stream: a day is plenty. */
const REBUILD_REQUEST_TTL_SECONDS = 24 * 3600;
/** A transaction holds 100 items: the record, its mapping and up to this many children. */
const TRANSACTION_CHILDREN = 98;
/** Children-first incidents claimed in one transaction (3 items each). */
const CLAIMS_PER_TRANSACTION = 33;

type IncidentWrite = Extract<ImportWrite, { kind: 'incident' }>;

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

  const claimKey = (heraldId: string) => keys.importClaim('incident', heraldId);

  /** That no other source record's import claimed an incident id (it is free, or this record's own). */
  const claimFree = (heraldId: string, m: ImportMapping): TransactItem => ({
    ConditionCheck: {
      TableName: tableName,
      Key: claimKey(heraldId),
      ConditionExpression: 'attribute_not_exists(pk) OR (#system = :system AND source_id = :source)',
      ExpressionAttributeNames: { '#system': 'system' },
      ExpressionAttributeValues: { ':system': m.system, ':source': m.source_id },
    },
  });

  /**
   * The record (conditioned on the version the caller read), its mapping and, when they fit in the
   * same transaction, its children: all or nothing. Children that do not fit were written before.
   * `checks` fail the write as a stale record does (a new incident's id claimed by another import).
   */
  async function putWithMapping(item: object, expectedVersion: number, mapping: ImportMapping, children: readonly object[] = [], checks: readonly TransactItem[] = []) {
    const tx = plan();
    for (const check of checks) tx.add('primary', check);
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
  async function childrenFirst(children: readonly object[], room = TRANSACTION_CHILDREN): Promise<readonly object[]> {
    if (children.length <= room) return children;
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

  /** A batch import's write as items: its children, the record (conditioned on the version read)
   *  and its mapping (conditioned on naming this record or none), and the updates partition to trim
   *  once saved when the record existed. */
  function writeItems(w: ImportWrite): { children: Record<string, unknown>[]; record: Record<string, unknown>; trim?: { partition: string; count: number } } {
    const { children, record, trim } = writeObjects(w);
    return { children: children as Record<string, unknown>[], record: record as Record<string, unknown>, trim };
  }

  function writeObjects(w: ImportWrite): { children: object[]; record: object; trim?: { partition: string; count: number } } {
    switch (w.kind) {
      case 'component':
        return { children: w.history.map((h) => historyItem(h, w.mapping.system)), record: toItem('component', keys.component(w.component.id), w.component) };
      case 'incident': {
        const state = isOpenStatus(w.incident.status) ? 'open' : 'resolved';
        return {
          children: [...w.updates.map((u) => toItem('incident_update', keys.incidentUpdate(u.incident_id, u.seq), u)), ...w.history.map((h) => historyItem(h, w.mapping.system))],
          record: toItem('incident', { ...keys.incident(w.incident.id), ...keys.incidentsByState(state, w.incident.created_at, w.incident.id) }, w.incident),
          trim: { partition: keys.incidentPartition(w.incident.id), count: w.updates.length },
        };
      }
      case 'maintenance': {
        const m = w.maintenance;
        return {
          children: w.updates.map((u) => toItem('maintenance_update', keys.maintenanceUpdate(u.maintenance_id, u.seq), u)),
          record: toItem(
            'maintenance',
            { ...keys.maintenance(m.id), ...keys.maintenancesByStart(m.scheduled_for, m.id), ...(m.status === 'completed' ? {} : keys.maintenancesOpen(m.scheduled_for, m.id)) },
            m,
          ),
          trim: { partition: keys.maintenancePartition(m.id), count: w.updates.length },
        };
      }
      case 'template':
        return { children: [], record: toItem('template', keys.template(w.template.id), w.template) };
    }
  }

  /** One write on its own, through the single-record methods (children written first when many). */
  function putOne(w: ImportWrite): Promise<SaveResult> {
    switch (w.kind) {
      case 'component':
        return repository.putComponent(w.component, w.expectedVersion, w.mapping, w.history);
      case 'incident':
        return repository.putIncident(w.incident, w.updates, w.expectedVersion, w.mapping, w.history);
      case 'maintenance':
        return repository.putMaintenance(w.maintenance, w.updates, w.expectedVersion, w.mapping);
      case 'template':
        return repository.putTemplate(w.template, w.expectedVersion, w.mapping);
    }
  }

  interface Packed {
    index: number;
    items: TransactItem[];
    keys: string[];
    trim?: { partition: string; count: number };
    expectedVersion: number;
  }

  function packedOf(w: ImportWrite, index: number): Packed {
    const { children, record, trim } = writeItems(w);
    const mapping = mappingItem(w.mapping);
    const items: TransactItem[] = [
      // A new incident's id may be claimed by another import writing its children first.
      ...(w.kind === 'incident' && w.expectedVersion === 0 ? [claimFree(w.incident.id, w.mapping)] : []),
      ...children.map((child) => ({ Put: { TableName: tableName, Item: child } })),
      {
        Put: {
          TableName: tableName,
          Item: record,
          ...(w.expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': w.expectedVersion } }),
        },
      },
      // Two imports of one source record racing could each create a record: only one mapping wins.
      { Put: { TableName: tableName, Item: mapping, ConditionExpression: 'attribute_not_exists(pk) OR herald_id = :herald', ExpressionAttributeValues: { ':herald': w.mapping.herald_id } } },
    ];
    const claim = w.kind === 'incident' && w.expectedVersion === 0 ? [claimKey(w.incident.id)] : [];
    const itemKeys = [...claim, ...children, record, mapping].map((item) => `${String(item.pk)}\u0000${String(item.sk)}`);
    return { index, items, keys: itemKeys, trim, expectedVersion: w.expectedVersion };
  }

  /** Commits packed writes in one transaction; a write whose condition failed is 'stale' and the rest go again. */
  async function commitPacked(group: Packed[], results: SaveResult[]): Promise<void> {
    const failed = await transactPacked(group);
    for (const p of group) results[p.index] = failed.has(p.index) ? 'stale' : 'saved';
    await Promise.all(group.filter((p) => !failed.has(p.index) && p.trim && p.expectedVersion !== 0).map((p) => dropUpdatesBeyond(p.trim!.partition, p.trim!.count)));
  }

  /** Commits packed writes in one transaction, each all or nothing: those whose condition failed
   *  (by index) are left out and the rest go again. */
  async function transactPacked(group: Packed[]): Promise<Set<number>> {
    const refused = new Set<number>();
    let pending = group;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const items = pending.flatMap((p) => p.items);
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return refused;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (isTransactionConflict(error) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
          continue;
        }
        const failed = new Set<number>();
        if (codes.length === items.length) {
          let at = 0;
          for (const p of pending) {
            if (codes.slice(at, at + p.items.length).includes('ConditionalCheckFailed')) failed.add(p.index);
            at += p.items.length;
          }
        }
        if (failed.size === 0) {
          // Not told which one: each on its own.
          if (pending.length === 1) {
            refused.add(pending[0]!.index);
            return refused;
          }
          for (const p of pending) for (const index of await transactPacked([p])) refused.add(index);
          return refused;
        }
        for (const index of failed) refused.add(index);
        pending = pending.filter((p) => !failed.has(p.index));
      }
    }
    return refused;
  }

  /**
   * New incidents whose ids no declaration can take any more (ImportWrite.childrenFirst), cheaper
   * per item than a transaction each, and never seen half-written:
   * 1. one transaction per 33: each id free (no incident has it), claimed for this source record
   *    (or already its own: a resumed import) and the mapping written, conditioned as a packed
   *    write's; a refused claim is 'stale' (the caller goes on its own, to the next free id);
   * 2. the updates and status history with BatchWriteItem, unconditionally: invisible while the
   *    incident is missing (readers start from its META item), and no one else writes under a
   *    claimed id (a packed or single import checks the claim, a declaration takes the id of its
   *    own minute);
   * 3. updates beyond the count left by an interrupted try under a claim held before are deleted;
   * 4. the incidents (META) with BatchWriteItem: each shows up whole.
   * Interrupted anywhere, a re-run finds the mapping or the claim its own and writes the same items.
   */
  async function putChildrenFirst(entries: Array<{ index: number; w: IncidentWrite }>, results: SaveResult[]): Promise<void> {
    const ids = new Set<string>();
    const mine: typeof entries = [];
    for (const entry of entries) {
      // Two records of the batch with one id: the second goes on its own (to the next free id).
      if (ids.has(entry.w.incident.id)) results[entry.index] = 'stale';
      else {
        ids.add(entry.w.incident.id);
        mine.push(entry);
      }
    }
    if (mine.length === 0) return;
    const held = new Set((await batchGet(ctx, mine.map((e) => claimKey(e.w.incident.id)))).map((item) => String(item.pk)));
    const claims: Packed[] = mine.map(({ index, w }) => ({
      index,
      keys: [],
      expectedVersion: 0,
      items: [
        { ConditionCheck: { TableName: tableName, Key: keys.incident(w.incident.id), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: tableName,
            Item: { ...claimKey(w.incident.id), type: 'import_claim', system: w.mapping.system, source_id: w.mapping.source_id },
            ConditionExpression: 'attribute_not_exists(pk) OR (#system = :system AND source_id = :source)',
            ExpressionAttributeNames: { '#system': 'system' },
            ExpressionAttributeValues: { ':system': w.mapping.system, ':source': w.mapping.source_id },
          },
        },
        { Put: { TableName: tableName, Item: mappingItem(w.mapping), ConditionExpression: 'attribute_not_exists(pk) OR herald_id = :herald', ExpressionAttributeValues: { ':herald': w.mapping.herald_id } } },
      ],
    }));
    const refused = new Set<number>();
    const chunks: Packed[][] = [];
    for (let i = 0; i < claims.length; i += CLAIMS_PER_TRANSACTION) chunks.push(claims.slice(i, i + CLAIMS_PER_TRANSACTION));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) for (const index of await transactPacked(chunks[next++]!)) refused.add(index);
    };
    await Promise.all(Array.from({ length: Math.min(PACKED_IN_FLIGHT, chunks.length) }, worker));
    for (const index of refused) results[index] = 'stale';
    const claimed = mine.filter((e) => !refused.has(e.index));
    if (claimed.length === 0) return;
    const written = claimed.map(({ w }) => writeItems(w));
    await batchWrite(ctx, written.flatMap((x) => x.children.map((Item) => ({ PutRequest: { Item } }))));
    const resumed = claimed.filter(({ w }) => held.has(claimKey(w.incident.id).pk));
    await Promise.all(resumed.map(({ w }) => dropUpdatesBeyond(keys.incidentPartition(w.incident.id), w.updates.length)));
    await batchWrite(ctx, written.map((x) => ({ PutRequest: { Item: x.record } })));
    for (const { index } of claimed) results[index] = 'saved';
  }

  const repository: ImportRepository = {
    async findMany(system, kind, sourceIds) {
      const items = await batchGet(ctx, [...new Set(sourceIds)].map((id) => keys.importSource(system, kind, id)));
      return new Map(items.map((item) => [String(item.source_id), String(item.herald_id)]));
    },

    async putMany(writes) {
      const results: SaveResult[] = new Array<SaveResult>(writes.length);
      const groups: Packed[][] = [];
      let current: Packed[] = [];
      let size = 0;
      let taken = new Set<string>();
      const alone: number[] = [];
      const first: Array<{ index: number; w: IncidentWrite }> = [];
      for (const [index, w] of writes.entries()) {
        if (w.kind === 'incident' && w.childrenFirst && w.expectedVersion === 0) {
          first.push({ index, w });
          continue;
        }
        const packed = packedOf(w, index);
        if (packed.items.length > PACKED_ITEMS) {
          alone.push(index);
          continue;
        }
        // One transaction never names an item twice (DynamoDB refuses it): the second waits for the next.
        if (size + packed.items.length > PACKED_ITEMS || packed.keys.some((k) => taken.has(k))) {
          if (current.length > 0) groups.push(current);
          current = [];
          size = 0;
          taken = new Set();
        }
        current.push(packed);
        size += packed.items.length;
        for (const k of packed.keys) taken.add(k);
      }
      if (current.length > 0) groups.push(current);
      let next = 0;
      const worker = async () => {
        while (next < groups.length) await commitPacked(groups[next++]!, results);
      };
      await Promise.all([putChildrenFirst(first, results), ...Array.from({ length: Math.min(PACKED_IN_FLIGHT, groups.length) }, worker)]);
      for (const index of alone) results[index] = await putOne(writes[index]!);
      return results;
    },

    async incidentIdFree(id, system, sourceId) {
      const items = await batchGet(ctx, [keys.incident(id), claimKey(id)]);
      return items.every((item) => item.sk === 'CLAIM' && item.system === system && item.source_id === sourceId);
    },

    async find(system, kind, sourceId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.importSource(system, kind, sourceId), ConsistentRead: true }));
      return Item ? String(Item.herald_id) : null;
    },

    async putComponent(component: Component, expectedVersion, mapping, history) {
      const children = await childrenFirst(history.map((h) => historyItem(h, mapping.system)));
      return putWithMapping(toItem('component', keys.component(component.id), component), expectedVersion, mapping, children);
    },

    async putIncident(incident: Incident, updates, expectedVersion, mapping, history) {
      // A new incident's id must not be claimed by another import (putChildrenFirst).
      const checks = expectedVersion === 0 ? [claimFree(incident.id, mapping)] : [];
      const children = await childrenFirst(
        [...updates.map((u) => toItem('incident_update', keys.incidentUpdate(u.incident_id, u.seq), u)), ...history.map((h) => historyItem(h, mapping.system))],
        TRANSACTION_CHILDREN - checks.length,
      );
      const state = isOpenStatus(incident.status) ? 'open' : 'resolved';
      const item = toItem('incident', { ...keys.incident(incident.id), ...keys.incidentsByState(state, incident.created_at, incident.id) }, incident);
      const outcome = await putWithMapping(item, expectedVersion, mapping, children, checks);
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
  return repository;
}
