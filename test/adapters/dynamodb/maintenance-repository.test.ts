import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaintenanceRepository } from '#app/ports/store';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { createDocumentClient } from '#adapters/dynamodb/client';
import type { MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { Maintenance } from '#core/model';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { localAws } from '../../support/local-aws';

let table: TestTable;
let repo: MaintenanceRepository;

const aWindow = (id: string, scheduledFor: string, status: MaintenanceStatus): Maintenance => ({
  id,
  title: `Window ${id}`,
  status,
  component_ids: [],
  scheduled_for: scheduledFor,
  scheduled_until: new Date(Date.parse(scheduledFor) + 3_600_000).toISOString(),
  auto_transition: status !== 'scheduled',
  component_statuses_before: null,
  created_at: '2026-09-01T00:00:00.000Z',
  updated_at: '2026-09-01T00:00:00.000Z',
  started_at: null,
  completed_at: null,
  update_count: 1,
  version: 1,
});

beforeAll(async () => {
  table = await createTestTable();
  repo = createDynamoStore({ doc: createDocumentClient({ endpoint: table.endpoint, ...localAws }), tableName: table.tableName }).maintenances;
  const windows = [
    aWindow('never-run', '2026-09-15T02:00:00.000Z', 'scheduled'), // older than every completed one, never completed
    aWindow('oct-last', '2026-10-31T23:30:00.000Z', 'completed'),
    aWindow('nov-first', '2026-11-01T00:00:00.000Z', 'completed'),
    aWindow('nov-last', '2026-11-30T23:59:00.000Z', 'completed'),
    aWindow('dec-active', '2026-12-01T00:00:00.000Z', 'in_progress'),
    aWindow('dec-next', '2026-12-20T00:00:00.000Z', 'scheduled'),
  ];
  for (const m of windows) {
    await repo.create(m, { id: `${m.id}-1`, maintenance_id: m.id, seq: 1, status: m.status, message: 'x', notify: false, created_at: m.created_at, posted_by: null });
  }
});

afterAll(() => table.drop());

describe('maintenanceRepository, the history’s access patterns', () => {
  it('lists the windows scheduled to start in a UTC month, whatever their status, without updates', async () => {
    const november = await repo.summariesStartingIn('2026-11');

    expect(november.map((m) => m.id).sort()).toEqual(['nov-first', 'nov-last']);
    expect(november[0]).not.toHaveProperty('updates');
  });

  it('gives the latest completed windows newest first, passing over the open ones', async () => {
    expect((await repo.latestCompleted(2)).map((m) => m.id)).toEqual(['nov-last', 'nov-first']);
  });

  it('gives the latest windows by start, whatever their status', async () => {
    expect((await repo.latest(3)).map((m) => m.id)).toEqual(['dec-next', 'dec-active', 'nov-last']);
  });

  it('finds the start of the earliest completed window', async () => {
    expect(await repo.firstCompletedStart()).toBe('2026-10-31T23:30:00.000Z');
  });
});
