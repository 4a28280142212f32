// A publisher remembers the month pages' listings it read (month-listings.ts) and does not query a
// month again while nobody else wrote the site; the month page it writes must still be what a full
// render makes from the table at that moment. The shortcuts that tempts, each caught here:
// - a remembered listing kept after another publisher changed an incident of that month (a title
//   change: the month page shows it);
// - an incident that moved to another month (its declaration time changed), or was deleted, still
//   listed on the month it left: that month's page is written again, without it;
// and the listing is indeed remembered: a second publish in the same month queries no month.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { keys } from '#adapters/dynamodb/keys';
import { createDynamoStore } from '#adapters/dynamodb/store';
import type { Store } from '#app/ports/store';
import { parseConfig } from '#config/config';
import type { Incident } from '#core/model';
import { folderBucket } from '#publisher/folder-bucket';
import { loadAllSiteData } from '#publisher/load-site-data';
import type { SiteBucket } from '#publisher/ports';
import { publishChanges, type PublisherDeps } from '#publisher/publish';
import { renderSiteFiles, type SiteChange, type SiteFile } from '#publisher/render/site-files';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { seedPastIncidents } from '../../bench/support/seed-incidents';
import { testClock } from '../support/clock';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { localAws } from '../support/local-aws';

const NOW = '2026-11-27T12:00:00.000Z';
/** ~17 a month over three years: old months hold more than month-page-entries.ts renders whole, none among the 50 newest. */
const HISTORY = 600;

const clock = testClock(NOW);
let table: TestTable;
let dir: string;
let doc: DynamoDBDocumentClient;
let store: Store;
let a: PublisherDeps;
let b: PublisherDeps;
/** What each publisher wrote in its last publish, by path. */
const written = { a: new Map<string, string>(), b: new Map<string, string>() };
/** Month queries publisher a made. */
let monthQueries = 0;

function recording(bucket: SiteBucket, into: Map<string, string>): SiteBucket {
  return {
    async put(file: SiteFile) {
      into.set(file.path, String(file.body));
      await bucket.put(file);
    },
  };
}

/** A publisher process: its own store (and so its own remembered records and month listings). */
function publisher(into: Map<string, string>, counted: boolean): PublisherDeps {
  const ctx = { doc, tableName: table.tableName };
  const own = createDynamoStore(ctx);
  if (counted) {
    const query = own.incidents.summariesDeclaredIn.bind(own.incidents);
    own.incidents.summariesDeclaredIn = (month) => {
      monthQueries += 1;
      return query(month);
    };
  }
  return {
    store: own,
    config: parseConfig(rawConfig),
    bucket: recording(folderBucket(join(dir, 'site')), into),
    lock: dynamoPublishLock(ctx, { clock, leaseMs: 60_000, waitMs: 2_000 }),
    now: () => clock.iso(),
  };
}

async function publish(deps: PublisherDeps, into: Map<string, string>, changes: SiteChange[]) {
  into.clear();
  clock.advance(60_000);
  await publishChanges(deps, changes);
}

/** Saves an incident's own fields as the API does (the version moves on). */
async function save(id: string, change: Partial<Incident>) {
  const { updates, ...meta } = (await store.incidents.get(id))!;
  void updates;
  const outcome = await store.incidents.save({ ...meta, ...change, updated_at: clock.iso(), version: meta.version + 1 }, meta.version);
  expect(outcome).toBe('saved');
}

/** What a publisher wrote equals, file for file, what a full render makes from the table now
 * (the JSON's `page.updated_at` too: page-updated-at.test.ts). */
async function expectSameAsFullRender(into: Map<string, string>) {
  const fresh = { ...a, store: createDynamoStore({ doc, tableName: table.tableName }) };
  const rendered = new Map((await renderSiteFiles(await loadAllSiteData(fresh, clock.iso()), 'all')).map((f) => [f.path, String(f.body)]));
  for (const [path, body] of into) expect(body, path).toBe(rendered.get(path) ?? '');
}

/** Seeded ids, oldest first. */
let ids: string[];
/** Two incidents declared in one old month, and that month. */
let first: Incident;
let second: Incident;
let month: string;

beforeAll(async () => {
  table = await createTestTable();
  dir = await mkdtemp(join(tmpdir(), 'herald-publish-months-'));
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: table.endpoint, ...localAws }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  await seedPastIncidents({ doc, tableName: table.tableName }, HISTORY, Date.parse(NOW), { concurrency: 8 });
  store = createDynamoStore({ doc, tableName: table.tableName });
  a = publisher(written.a, true);
  b = publisher(written.b, false);
  ids = (await store.incidents.summaries('all', HISTORY)).map((i) => i.id).reverse();
  expect(ids).toHaveLength(HISTORY);
  first = (await store.incidents.get(ids[20]!))!;
  month = first.created_at.slice(0, 7);
  const sameMonth = (await store.incidents.summariesDeclaredIn(month)).filter((i) => i.id !== first.id);
  expect(sameMonth.length).toBeGreaterThanOrEqual(3);
  second = sameMonth[0]!;
  await publishChanges(a, [{ kind: 'config' }]);
}, 120_000);

afterAll(async () => {
  await table.drop();
  doc.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('a publisher’s remembered month listings', () => {
  it('query a month once while nobody else writes the site', async () => {
    await save(first.id, { title: 'Renamed once: first-marker' });
    await publish(a, written.a, [{ kind: 'incident', id: first.id }]);
    const queries = monthQueries;
    await save(first.id, { title: 'Renamed twice: again-marker' });
    await publish(a, written.a, [{ kind: 'incident', id: first.id }]);

    expect(monthQueries).toBe(queries);
    expect(written.a.get(`history/${month}/index.html`)).toContain('again-marker');
    await expectSameAsFullRender(written.a);
  });

  it('show an incident of the month as another publisher left it', async () => {
    await save(second.id, { title: 'Renamed elsewhere: elsewhere-marker' });
    await publish(b, written.b, [{ kind: 'incident', id: second.id }]);

    // Publisher a's next publish is of another incident of that month: its month page shows the change.
    await save(first.id, { title: 'Renamed again: third-marker' });
    await publish(a, written.a, [{ kind: 'incident', id: first.id }]);
    expect(written.a.get(`history/${month}/index.html`)).toContain('elsewhere-marker');
    await expectSameAsFullRender(written.a);
  });

  it('drop an incident whose declaration moved to another month, from the month it left', async () => {
    const moving = (await store.incidents.summariesDeclaredIn(month)).find((i) => i.id !== first.id && i.id !== second.id)!;
    const other = (await store.incidents.get(ids[100]!))!.created_at.slice(0, 7);
    expect(other).not.toBe(month);
    await publish(a, written.a, [{ kind: 'incident', id: first.id }]); // month listed (and remembered)
    await save(moving.id, { title: 'Moved: moved-marker', created_at: `${other}-15T08:00:00.000Z`, started_at: `${other}-15T08:00:00.000Z` });
    // The change as a test names it, without the month it left: publisher a knows it from its listing.
    await publish(a, written.a, [{ kind: 'incident', id: moving.id }]);

    expect(written.a.get(`history/${month}/index.html`)).toBeDefined();
    expect(written.a.get(`history/${month}/index.html`)).not.toContain(moving.id);
    expect(written.a.get(`history/${other}/index.html`)).toContain('moved-marker');
    await expectSameAsFullRender(written.a);
  });

  it('drop a deleted incident from its month page', async () => {
    const gone = (await store.incidents.get(second.id))!;
    await publish(a, written.a, [{ kind: 'incident', id: first.id }]);
    for (const key of [keys.incident(gone.id), ...gone.updates.map((u) => keys.incidentUpdate(gone.id, u.seq))]) {
      await doc.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: key.pk, sk: key.sk } }));
    }
    await publish(a, written.a, [{ kind: 'incident', id: gone.id }]);

    expect(written.a.get(`history/${month}/index.html`)).toBeDefined();
    expect(written.a.get(`history/${month}/index.html`)).not.toContain(gone.id);
    await expectSameAsFullRender(written.a);
  });

  it('drop a deleted incident named by its stream record, with no listing remembered', async () => {
    const gone = (await store.incidents.get(ids[30]!))!;
    const itsMonth = gone.created_at.slice(0, 7);
    for (const key of [keys.incident(gone.id), ...gone.updates.map((u) => keys.incidentUpdate(gone.id, u.seq))]) {
      await doc.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: key.pk, sk: key.sk } }));
    }
    // Publisher b remembers no listing of that month: the change says which month it left.
    await publish(b, written.b, [{ kind: 'incident', id: gone.id, previousMonth: itsMonth }]);

    expect(written.b.get(`history/${itsMonth}/index.html`)).toBeDefined();
    expect(written.b.get(`history/${itsMonth}/index.html`)).not.toContain(gone.id);
    await expectSameAsFullRender(written.b);
  });
});
