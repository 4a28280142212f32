// A publish reads the same from DynamoDB with 100 maintenance windows in the table as with 10,000:
// counted as requests and items read through an instrumented client, never as time.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { parseConfig } from '#config/config';
import { folderBucket } from '#publisher/folder-bucket';
import { forgetRememberedRecords } from '#publisher/load-site-data';
import { publishChanges, type PublisherDeps } from '#publisher/publish';
import type { SiteChange } from '#publisher/render/site-files';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { seedPastMaintenances } from '../../bench/support/seed-maintenances';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { localAws } from '../support/local-aws';
import { testClock } from '../support/clock';

const NOW = '2026-11-27T12:00:00.000Z';

/** What the publisher asked DynamoDB for. */
const reads = { requests: 0, items: 0 };

function countingDocumentClient(endpoint: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ endpoint, ...localAws });
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as { ScannedCount?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
      reads.requests += 1;
      reads.items += output.ScannedCount ?? (output.Item ? 1 : 0) + Object.values(output.Responses ?? {}).reduce((n, r) => n + (Array.isArray(r) ? r.length : 0), 0);
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
}

let table: TestTable;
let dir: string;
let deps: PublisherDeps;
let seeding: { doc: DynamoDBDocumentClient; tableName: string };

beforeAll(async () => {
  table = await createTestTable();
  dir = await mkdtemp(join(tmpdir(), 'herald-publish-cost-'));
  const counted = { doc: countingDocumentClient(table.endpoint), tableName: table.tableName };
  seeding = { doc: DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: table.endpoint, ...localAws })), tableName: table.tableName };
  const clock = testClock(NOW);
  deps = {
    store: createDynamoStore(counted),
    config: parseConfig(rawConfig),
    bucket: folderBucket(join(dir, 'site')),
    lock: dynamoPublishLock(seeding, { clock }),
    now: () => clock.iso(),
  };
  // An upcoming window too, so the open ones are in play
  const store = createDynamoStore(seeding);
  await store.maintenances.create(
    {
      id: 'MNT-next', title: 'Next window', status: 'scheduled', component_ids: [], scheduled_for: '2026-12-01T02:00:00.000Z',
      scheduled_until: '2026-12-01T04:00:00.000Z', auto_transition: true, component_statuses_before: null, created_at: NOW,
      updated_at: NOW, started_at: null, completed_at: null, update_count: 1, version: 1,
    },
    { id: 'MNT-next-1', maintenance_id: 'MNT-next', seq: 1, status: 'scheduled', message: 'Soon.', notify: false, created_at: NOW, posted_by: 'test' },
  );
}, 60_000);

afterAll(async () => {
  await table.drop();
  await rm(dir, { recursive: true, force: true });
});

async function costOf(changes: SiteChange[]) {
  // Cold: what a publisher reads with nothing remembered from its earlier publishes (the most):
  // neither records nor the month pages' listings.
  forgetRememberedRecords(deps.store);
  reads.requests = 0;
  reads.items = 0;
  await publishChanges(deps, changes);
  return { ...reads };
}

describe('the cost of a publish', () => {
  it('is the same with 10,000 maintenance windows in the table as with 100', async () => {
    // Prepare: 100 windows, one every 31 hours back from now
    const end = Date.parse(NOW);
    await seedPastMaintenances(seeding, 100, { end, updatesEach: 1 });
    const newest: SiteChange[] = [{ kind: 'maintenance', id: 'MNT-seed-0' }];
    const component: SiteChange[] = [{ kind: 'component', id: 'none', renamed: false }];
    const small = { maintenance: await costOf(newest), component: await costOf(component) };

    // Act: 9,900 older windows at the same pace (the history of decades)
    await seedPastMaintenances(seeding, 9_900, { end, offset: 100, updatesEach: 1 });
    const large = { maintenance: await costOf(newest), component: await costOf(component) };

    // Assess: not one request or item more
    expect(large).toEqual(small);
    // A few queries, and the open, the 50 latest and the 50 latest completed windows (mostly the
    // same ones) each read whole once
    expect(small.maintenance.requests).toBeLessThan(80);
    expect(small.maintenance.items).toBeLessThan(300);
    console.log(JSON.stringify({ reads_per_publish: small }));
    const month = NOW.slice(0, 7);
    const page = await readFile(join(dir, 'site', 'history', month, 'index.html'), 'utf8');
    expect(page).toContain('id="maintenance-MNT-seed-0"');
    expect(await readFile(join(dir, 'site', 'history.atom'), 'utf8')).toContain('Maintenance: Past window 0<');
  }, 180_000);
});
