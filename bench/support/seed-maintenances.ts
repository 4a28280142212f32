// Writes N maintenance windows straight into the table, newest ending before `end`, one every
// `everyHours` going back (completed, each with two updates): the history a long-lived status page
// accumulates. BatchWriteItem, many calls in flight (bench/support/batch-write.ts).
import type { TableContext } from '#adapters/dynamodb/client';
import { toItem } from '#adapters/dynamodb/items';
import { keys } from '#adapters/dynamodb/keys';
import type { Maintenance, MaintenanceUpdate } from '#core/model';
import { batchWriteAll, type BatchWriteStats } from './batch-write';

const HOUR = 3_600_000;

export interface SeedMaintenancesOptions {
  /** Epoch ms the newest window ends before. */
  end: number;
  /** Skip this many slots back from `end` first (to seed an older stretch after a newer one). */
  offset?: number;
  everyHours?: number;
  concurrency?: number;
  /** 2: planned and completed; 1: the completion only (a lighter seed). */
  updatesEach?: 1 | 2;
}

export async function seedPastMaintenances(table: TableContext, count: number, { end, offset = 0, everyHours = 31, concurrency = 16, updatesEach = 2 }: SeedMaintenancesOptions): Promise<BatchWriteStats> {
  const items: object[] = [];
  for (let n = offset; n < offset + count; n++) {
    const start = end - (n + 1) * everyHours * HOUR;
    const at = (ms: number) => new Date(start + ms).toISOString();
    const id = `MNT-seed-${n}`;
    const updates: MaintenanceUpdate[] = [
      { id: `${id}-1`, maintenance_id: id, seq: 1, status: 'scheduled', message: `Planned window ${n}.`, notify: false, created_at: at(-24 * HOUR), posted_by: 'seed' },
      { id: `${id}-2`, maintenance_id: id, seq: 2, status: 'completed', message: `Window ${n} done.`, notify: false, created_at: at(2 * HOUR), posted_by: 'seed' },
    ].slice(2 - updatesEach) as MaintenanceUpdate[];
    const maintenance: Maintenance = {
      id,
      title: `Past window ${n}`,
      status: 'completed',
      component_ids: [],
      scheduled_for: at(0),
      scheduled_until: at(2 * HOUR),
      auto_transition: true,
      component_statuses_before: null,
      created_at: at(-24 * HOUR),
      updated_at: at(2 * HOUR),
      started_at: at(0),
      completed_at: at(2 * HOUR),
      update_count: updatesEach,
      version: updatesEach,
    };
    // A completed window: gsi1 (by start) only, as the repository writes it.
    items.push(toItem('maintenance', { ...keys.maintenance(id), ...keys.maintenancesByStart(maintenance.scheduled_for, id) }, maintenance));
    for (const u of updates) items.push(toItem('maintenance_update', keys.maintenanceUpdate(id, u.seq), u));
  }
  return batchWriteAll(table, items, concurrency);
}
