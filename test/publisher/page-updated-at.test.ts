// The Statuspage JSON's `page.updated_at` says when anything on the page last changed. A per-change
// publish reads only what its pages need (the open incidents, the 50 newest, the changed ones), so
// the incident changed last may not be among what it read: an old incident edited, then a newer
// one whose change reaches the publisher later (stream records of different items come in no
// fixed order). Its JSON must still not move `page.updated_at` back: widgets and caches compare it.
// The lock item keeps the last value written, and the next publisher, in this process or another,
// starts from it; a full rebuild writes what the whole table says.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { keys } from '#adapters/dynamodb/keys';
import { createDynamoStore } from '#adapters/dynamodb/store';
import type { Store } from '#app/ports/store';
import { parseConfig } from '#config/config';
import type { Incident } from '#core/model';
import { folderBucket } from '#publisher/folder-bucket';
import { publishChanges, type PublisherDeps } from '#publisher/publish';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { seedPastIncidents } from '../../bench/support/seed-incidents';
import { testClock } from '../support/clock';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { localAws } from '../support/local-aws';

const NOW = '2026-11-27T12:00:00.000Z';
/** More than the 50 newest a publish reads, so the oldest are read only when they change. */
const HISTORY = 80;

const clock = testClock(NOW);
let table: TestTable;
let dir: string;
let doc: DynamoDBDocumentClient;
let store: Store;
/** Seeded ids, oldest first. */
let ids: string[];

/** A publisher process of its own (its own remembered records and lock holder), one site folder. */
function publisher(): PublisherDeps {
  const ctx = { doc, tableName: table.tableName };
  return {
    store: createDynamoStore(ctx),
    config: parseConfig(rawConfig),
    bucket: folderBucket(join(dir, 'site')),
    lock: dynamoPublishLock(ctx, { clock, leaseMs: 60_000, waitMs: 2_000 }),
    now: () => clock.iso(),
  };
}

/** `page.updated_at` of each JSON file that carries one, by path. */
async function pageUpdatedAt(): Promise<Record<string, string>> {
  const paths = ['api/v2/summary.json', 'api/v2/status.json', 'api/v2/components.json', 'api/v2/incidents.json', 'api/v2/incidents/unresolved.json'];
  const entries = await Promise.all(
    paths.map(async (path) => [path, (JSON.parse(await readFile(join(dir, 'site', path), 'utf8')) as { page: { updated_at: string } }).page.updated_at] as const),
  );
  return Object.fromEntries(entries);
}

const everywhere = (at: string) =>
  Object.fromEntries(['api/v2/summary.json', 'api/v2/status.json', 'api/v2/components.json', 'api/v2/incidents.json', 'api/v2/incidents/unresolved.json'].map((p) => [p, at]));

/** Saves an incident's title as the API does, at the clock's time; returns that time. */
async function retitle(id: string, title: string): Promise<string> {
  const { updates, ...meta } = (await store.incidents.get(id))!;
  void updates;
  const at = clock.iso();
  const outcome = await store.incidents.save({ ...meta, title, updated_at: at, version: meta.version + 1 } satisfies Incident, meta.version);
  expect(outcome).toBe('saved');
  return at;
}

beforeAll(async () => {
  table = await createTestTable();
  dir = await mkdtemp(join(tmpdir(), 'herald-page-updated-at-'));
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: table.endpoint, ...localAws }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  await seedPastIncidents({ doc, tableName: table.tableName }, HISTORY, Date.parse(NOW), { concurrency: 8 });
  store = createDynamoStore({ doc, tableName: table.tableName });
  ids = (await store.incidents.summaries('all', HISTORY)).map((i) => i.id).reverse();
  expect(ids).toHaveLength(HISTORY);
}, 120_000);

afterAll(async () => {
  await table.drop();
  doc.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('page.updated_at in the Statuspage JSON', () => {
  it('never moves back when a later publish did not read the incident changed last', async () => {
    const a = publisher();
    await publishChanges(a, [{ kind: 'config' }]);
    const seeded = (await pageUpdatedAt())['api/v2/summary.json']!;
    expect(seeded < NOW).toBe(true);

    // A recent incident changes at t0, an old one (not among the 50 newest) at t1 > t0; the old
    // one's change is published first, the recent one's after it.
    const recent = ids[HISTORY - 1]!;
    const old = ids[3]!;
    clock.advance(60_000);
    const t0 = await retitle(recent, 'Recent, changed first');
    clock.advance(60_000);
    const t1 = await retitle(old, 'Old, changed last');
    expect(t0 < t1).toBe(true);

    clock.advance(1_000);
    await publishChanges(a, [{ kind: 'incident', id: old }]);
    expect(await pageUpdatedAt()).toEqual(everywhere(t1));

    clock.advance(1_000);
    await publishChanges(a, [{ kind: 'incident', id: recent }]);
    expect(await pageUpdatedAt()).toEqual(everywhere(t1));

    // Another publisher process (nothing remembered, the lock last held by someone else).
    clock.advance(1_000);
    await publishChanges(publisher(), [{ kind: 'incident', id: recent }]);
    expect(await pageUpdatedAt()).toEqual(everywhere(t1));

    // The lock item keeps it for the next holder.
    const { Item } = await doc.send(new GetCommand({ TableName: table.tableName, Key: keys.publishLock() }));
    expect(Item?.page_updated_at).toBe(t1);

    // A full rebuild reads the whole table: the same time.
    clock.advance(1_000);
    await publishChanges(publisher(), [{ kind: 'config' }]);
    expect(await pageUpdatedAt()).toEqual(everywhere(t1));
  }, 60_000);

  it('moves on with a newer change', async () => {
    clock.advance(60_000);
    const t2 = await retitle(ids[HISTORY - 2]!, 'Newer still');
    await publishChanges(publisher(), [{ kind: 'incident', id: ids[HISTORY - 2]! }]);
    expect(await pageUpdatedAt()).toEqual(everywhere(t2));
  }, 60_000);
});
