// Writes N past (resolved) incidents straight into the table, spread over the last three years,
// each with three updates (4 items an incident): the history a long-lived status page accumulates.
// BatchWriteItem, 25 items a call, many calls in flight (bench/support/batch-write.ts); the items
// are generated as they are written, so 100,000 incidents (400,000 items) never sit in memory.
import type { TableContext } from '#adapters/dynamodb/client';
import { toItem } from '#adapters/dynamodb/items';
import { keys } from '#adapters/dynamodb/keys';
import type { Incident, IncidentUpdate } from '#core/model';
import { batchWriteAll, type BatchWriteStats } from './batch-write';

const DAY = 86_400_000;

export interface SeedIncidentsOptions {
  /** BatchWriteItem calls in flight. Default 24. */
  concurrency?: number;
}

/** The items of `count` past incidents, oldest first, spread over the three years before `now`. */
export function* pastIncidentItems(count: number, now: number): Generator<object> {
  for (let n = 0; n < count; n++) {
    // Evenly spread over ~3 years, oldest first; minutes apart so ids never collide.
    const start = now - 3 * 365 * DAY + Math.floor((n * 3 * 365 * DAY) / count) - DAY;
    const at = (ms: number) => new Date(start + ms).toISOString();
    const id = `INC-${at(0).slice(0, 10).replaceAll('-', '')}-${at(0).slice(11, 13)}${at(0).slice(14, 16)}-${n + 2}`;
    const statuses = ['investigating', 'monitoring', 'resolved'] as const;
    const updates: IncidentUpdate[] = statuses.map((status, i) => ({
      id: `${id}-${i + 1}`,
      incident_id: id,
      seq: i + 1,
      status,
      message: `Past incident ${n}: ${status}. Some **Markdown** with a [link](https://example.com).`,
      component_changes: [],
      // History, not news: nobody is mailed about it.
      notify: false,
      created_at: at(i * 40 * 60_000),
      posted_by: 'seed',
    }));
    const incident: Incident = {
      id,
      title: `Past incident number ${n}`,
      severity: (['SEV1', 'SEV2', 'SEV3'] as const)[n % 3]!,
      impact: (['critical', 'major', 'minor'] as const)[n % 3]!,
      status: 'resolved',
      component_ids: [],
      roles: {},
      created_at: at(0),
      updated_at: at(80 * 60_000),
      started_at: at(0),
      identified_at: null,
      monitoring_at: at(40 * 60_000),
      resolved_at: at(80 * 60_000),
      last_update_at: at(80 * 60_000),
      update_count: 3,
      postmortem: null,
      declared_by: 'seed',
      version: 3,
    };
    yield toItem('incident', { ...keys.incident(id), ...keys.incidentsByState('resolved', incident.created_at, id) }, incident);
    for (const u of updates) yield toItem('incident_update', keys.incidentUpdate(id, u.seq), u);
  }
}

export async function seedPastIncidents(
  table: TableContext,
  count: number,
  now = Date.now(),
  { concurrency = 24 }: SeedIncidentsOptions = {},
): Promise<BatchWriteStats> {
  return batchWriteAll(table, pastIncidentItems(count, now), concurrency);
}
