// A per-change publish reads a bounded slice of the history (the touched records and months, the
// newest N, and incidents it remembers from its own earlier publishes while nobody else wrote), and
// must still write every page a change touches, byte for byte what a full rebuild renders:
// - an update to an incident years old rewrites its own page and its month's history page;
// - an incident a publisher remembers, changed and published by another publisher meanwhile, is
//   shown as it now is in that publisher's next index, feeds and JSON (never the remembered copy).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { createDynamoStore } from '#adapters/dynamodb/store';
import type { Store } from '#app/ports/store';
import { parseConfig } from '#config/config';
import { folderBucket } from '#publisher/folder-bucket';
import type { PublishLock, SiteBucket } from '#publisher/ports';
import { publishChanges, rebuildSite, type PublisherDeps } from '#publisher/publish';
import type { SiteFile } from '#publisher/render/site-files';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { seedPastIncidents } from '../../bench/support/seed-incidents';
import { testClock } from '../support/clock';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { localAws } from '../support/local-aws';

const NOW = '2026-11-27T12:00:00.000Z';
/** ~3.3 a month over three years: the old months lie far outside the 50 newest incidents. */
const HISTORY = 120;

const clock = testClock(NOW);
let table: TestTable;
let dir: string;
let store: Store;
/** What each publisher wrote in its last publish, by path. */
const written = { a: new Map<string, string>(), b: new Map<string, string>() };
let a: PublisherDeps;
let b: PublisherDeps;

function recording(bucket: SiteBucket, into: Map<string, string>): SiteBucket {
  return {
    async put(file: SiteFile) {
      into.set(file.path, typeof file.body === 'string' ? file.body : file.body.toString('utf8'));
      await bucket.put(file);
    },
  };
}

/** Two publishers (two processes) writing one site from one table, each with its own lock and store. */
function publisher(doc: DynamoDBDocumentClient, tableName: string, into: Map<string, string>): PublisherDeps {
  const ctx = { doc, tableName };
  return {
    store: createDynamoStore(ctx),
    config: parseConfig(rawConfig),
    bucket: recording(folderBucket(join(dir, 'site')), into),
    lock: dynamoPublishLock(ctx, { clock, leaseMs: 60_000, waitMs: 2_000 }),
    now: () => clock.iso(),
  };
}

async function publish(deps: PublisherDeps, into: Map<string, string>, ids: string[]) {
  into.clear();
  clock.advance(60_000);
  await publishChanges(deps, ids.map((id) => ({ kind: 'incident' as const, id })));
}

/** Appends a public update to an incident, as the API does (version, count and times move on). */
async function postUpdate(id: string, message: string) {
  const incident = (await store.incidents.get(id))!;
  const at = clock.iso();
  const seq = incident.update_count + 1;
  const { updates, ...meta } = incident;
  expect(updates).toHaveLength(incident.update_count);
  const outcome = await store.incidents.append(
    { ...meta, update_count: seq, updated_at: at, last_update_at: at, version: incident.version + 1 },
    incident.version,
    { id: `${id}-${seq}`, incident_id: id, seq, status: incident.status, message, component_changes: [], notify: false, created_at: at, posted_by: 'test' },
    [],
  );
  expect(outcome).toBe('saved');
}

/** Every file a full rebuild renders now, by path. */
async function fullRebuild(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  // Outside the site lock, so that the publishers' tenures stay as they were.
  const noLock: PublishLock = { run: (work) => work({ unbroken: true, fence: 0, check: async () => {}, pageUpdatedAt: undefined, recordPageUpdatedAt: async () => {} }) };
  await rebuildSite({ ...a, lock: noLock, bucket: recording(folderBucket(join(dir, `rebuild-${clock.now()}`)), files) });
  return files;
}

/** What a publisher wrote equals, file for file, what a full rebuild renders at the same moment. */
async function expectSameAsFullRebuild(into: Map<string, string>) {
  const rebuilt = await fullRebuild();
  for (const [path, body] of into) expect(body, path).toBe(rebuilt.get(path));
}

let seedingDoc: DynamoDBDocumentClient;
/** Seeded ids, oldest first (bench/support/seed-incidents.ts names them `…-<n + 2>`). */
let ids: string[];

beforeAll(async () => {
  table = await createTestTable();
  dir = await mkdtemp(join(tmpdir(), 'herald-publish-bounded-'));
  seedingDoc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: table.endpoint, ...localAws }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  await seedPastIncidents({ doc: seedingDoc, tableName: table.tableName }, HISTORY, Date.parse(NOW), { concurrency: 8 });
  store = createDynamoStore({ doc: seedingDoc, tableName: table.tableName });
  a = publisher(seedingDoc, table.tableName, written.a);
  b = publisher(seedingDoc, table.tableName, written.b);
  ids = (await store.incidents.summaries('all', HISTORY)).map((i) => i.id).reverse();
  expect(ids).toHaveLength(HISTORY);
  // The deployed site, then one publish of the newest incident (publisher a reads the 50 newest).
  await publishChanges(a, [{ kind: 'config' }]);
  await publish(a, written.a, [ids.at(-1)!]);
}, 120_000);

afterAll(async () => {
  await table.drop();
  seedingDoc.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('a per-change publish over a long history', () => {
  it('rewrites an old incident’s own page and its month’s history page when it is updated', async () => {
    const old = (await store.incidents.get(ids[3]!))!;
    const month = old.created_at.slice(0, 7);
    expect(month < '2024-01').toBe(true); // years old: not among the newest
    await postUpdate(old.id, 'Addendum: old-incident-marker.');
    await publish(a, written.a, [old.id]);

    expect(written.a.get(`incidents/${old.id}/index.html`)).toContain('old-incident-marker');
    // Its month page lists it (and every other incident of that month), written by this publish.
    const monthPage = written.a.get(`history/${month}/index.html`);
    expect(monthPage).toBeDefined();
    expect(monthPage).toContain(old.title);
    const sameMonth = (await store.incidents.summariesDeclaredIn(month)).filter((i) => i.id !== old.id);
    expect(sameMonth.length).toBeGreaterThan(0);
    for (const other of sameMonth) expect(monthPage).toContain(other.title);
    expect(await readFile(join(dir, 'site', `history/${month}/index.html`), 'utf8')).toBe(monthPage);
    await expectSameAsFullRebuild(written.a);
  });

  it('shows a remembered incident as another publisher left it, not as it was remembered', async () => {
    const recent = ids.at(-5)!; // among the 50 newest: publisher a has read it whole before
    await postUpdate(recent, 'Follow-up: changed-elsewhere-marker.');
    await publish(b, written.b, [recent]);
    expect(written.b.get('history.rss')).toContain('changed-elsewhere-marker');

    // Publisher a's next publish is of another incident; its index, feeds and JSON carry the change.
    await postUpdate(ids.at(-1)!, 'Unrelated progress.');
    await publish(a, written.a, [ids.at(-1)!]);
    for (const path of ['history.rss', 'history.atom', 'api/v2/incidents.json']) expect(written.a.get(path), path).toContain('changed-elsewhere-marker');
    await expectSameAsFullRebuild(written.a);
  });

  it('shows the newest state of remembered incidents across its own consecutive publishes', async () => {
    // Unbroken tenure: publisher a remembers; each incident it changes is read again, never remembered.
    for (const [n, id] of [ids.at(-2)!, ids.at(-3)!, ids.at(-2)!].entries()) {
      await postUpdate(id, `Consecutive update ${n}: consecutive-marker-${n}.`);
      await publish(a, written.a, [id]);
      expect(written.a.get(`incidents/${id}/index.html`)).toContain(`consecutive-marker-${n}`);
      expect(written.a.get('api/v2/incidents.json')).toContain(`consecutive-marker-${n}`);
    }
    // A change whose own publish is still to come (a later batch): the listing shows it newer than
    // what publisher a remembers, so a reads it again.
    await postUpdate(ids.at(-4)!, 'Not published yet: pending-marker.');
    await publish(a, written.a, [ids.at(-2)!]);
    expect(written.a.get('api/v2/incidents.json')).toContain('pending-marker');
    await expectSameAsFullRebuild(written.a);
  });
});
