// /maintenance.ics and the badges through the real publisher: the API writes to DynamoDB Local,
// the table's stream drives the publisher (as the Lambda is wired, remembering what it wrote), and
// the files land in a folder standing in for the bucket. ical.js reads the calendar after each
// step; a full rebuild then writes every file byte for byte as the incremental publishes left it.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { ComponentSchema, MaintenanceSchema } from '#api/schemas';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller';
import { folderBucket } from '#publisher/folder-bucket';
import type { SiteBucket } from '#publisher/ports';
import { rebuildSite, type PublisherDeps } from '#publisher/publish';
import { createPublisherHandler } from '#publisher/stream-handler';
import { WrittenFiles } from '#publisher/unchanged-files';
import { createTestApi, type TestApi } from '../support/api';
import { localAws } from '../support/local-aws';
import { parseCalendar } from './calendar/ics.ts';

let api: TestApi;
let dir: string;
let poller: StreamPoller;
let deps: PublisherDeps;
/** The paths the publisher put, in order. */
const puts: string[] = [];

const site = () => join(dir, 'site');
const read = (path: string) => readFile(join(site(), path), 'utf8');
const calendar = async () => parseCalendar(await read('maintenance.ics'));
const settle = () => poller.waitForIdle(15_000);

beforeAll(async () => {
  api = await createTestApi();
  // One clock for every render, so that the rebuild can be compared with incremental output.
  api.setNow('2026-11-27T12:00:00.000Z');
  dir = await mkdtemp(join(tmpdir(), 'herald-calendar-'));
  const folder = folderBucket(site());
  const recording: SiteBucket = {
    async put(file) {
      puts.push(file.path);
      await folder.put(file);
    },
  };
  deps = { store: api.deps.store, config: api.deps.config, bucket: recording, lock: dynamoPublishLock(api.table), now: api.deps.now, written: new WrittenFiles() };
  await rebuildSite(deps);
  poller = createStreamPoller({
    dynamodb: { endpoint: api.endpoint, ...localAws },
    tableName: api.tableName,
    checkpointDir: join(dir, 'checkpoints'),
    consumers: [{ name: 'publisher', handler: createPublisherHandler(deps) }],
    pollIntervalMs: 20,
    logger: { info: () => {}, error: () => {} },
  });
  await poller.start();
});

afterAll(async () => {
  await poller?.stop();
  await api?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the maintenance calendar and the badges, published', () => {
  let db: string;
  let apiComponent: string;

  it('starts with an empty calendar and operational badges', async () => {
    expect((await calendar()).events).toEqual([]);
    expect(await read('badge.svg')).toContain('<title>status: operational</title>');
    db = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'Database & <Cache> "EU"' })).json()).id;
    apiComponent = ComponentSchema.parse(await (await api.request('POST', '/v1/components', { name: 'API' })).json()).id;
    await settle();
    const badge = await read(`components/${db}/badge.svg`);
    expect(badge).toContain('<title>Database &#38; &#60;Cache&#62; &#34;EU&#34;: operational</title>');
    expect(badge).not.toContain('<Cache>');
    expect(await read(`components/${db}/badge-dark.svg`)).toContain('fill="#3fb950"');
  });

  it('follows a window through schedule, edit, update and cancel: one UID, SEQUENCE growing, then CANCELLED', async () => {
    const host = new URL(api.deps.config.page.url).host;
    const scheduled = MaintenanceSchema.parse(
      await (
        await api.request('POST', '/v1/maintenances', {
          title: 'Database upgrade',
          message: 'We will upgrade the **primary**.',
          scheduled_for: '2026-11-28T02:00:00Z',
          scheduled_until: '2026-11-28T04:00:00Z',
          components: [db],
        })
      ).json(),
    );
    await settle();
    const [first] = (await calendar()).events;
    expect(first).toMatchObject({
      uid: `${scheduled.id}@${host}`,
      status: 'CONFIRMED',
      summary: 'Maintenance: Database upgrade',
      start: '2026-11-28T02:00:00.000Z',
      end: '2026-11-28T04:00:00.000Z',
      dtstamp: scheduled.updated_at,
      url: `${api.deps.config.page.url.replace(/\/$/, '')}/#maintenance-${scheduled.id}`,
    });
    expect(first!.description).toContain('We will upgrade the primary.');
    expect(first!.description).toContain('Affected: Database & <Cache> "EU"');

    const edit = await api.request('PATCH', `/v1/maintenances/${scheduled.id}`, { title: 'Database upgrade (moved)', scheduled_for: '2026-11-28T03:00:00Z', scheduled_until: '2026-11-28T05:00:00Z' });
    expect(edit.status).toBe(200);
    await settle();
    const [edited] = (await calendar()).events;
    expect(edited).toMatchObject({ uid: first!.uid, status: 'CONFIRMED', summary: 'Maintenance: Database upgrade (moved)', start: '2026-11-28T03:00:00.000Z' });
    expect(edited!.sequence).toBeGreaterThan(first!.sequence);

    await api.request('POST', `/v1/maintenances/${scheduled.id}/updates`, { status: 'scheduled', message: 'Moved by an hour.' });
    await settle();
    const [updated] = (await calendar()).events;
    expect(updated!.sequence).toBeGreaterThan(edited!.sequence);
    expect(updated!.description).toContain('Moved by an hour.');

    const cancelled = await api.request('POST', `/v1/maintenances/${scheduled.id}/cancel`, { message: 'Postponed to next week.' });
    expect(cancelled.status).toBe(201);
    await settle();
    const { events } = await calendar();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ uid: first!.uid, status: 'CANCELLED', summary: 'Cancelled: Database upgrade (moved)' });
    expect(events[0]!.sequence).toBeGreaterThan(updated!.sequence);
    expect(events[0]!.description).toContain('Postponed to next week.');
    // The feeds call it cancelled; the Statuspage JSON completed, the nearest status it has.
    expect(await read('history.atom')).toContain('Status: Cancelled.');
    const json = JSON.parse(await read('api/v2/scheduled-maintenances.json')) as { scheduled_maintenances: Array<{ id: string; status: string }> };
    expect(json.scheduled_maintenances.find((m) => m.id === scheduled.id)?.status).toBe('completed');
  });

  it('writes a component’s badge when its status changes, and the page’s with it, leaving the others', async () => {
    puts.length = 0;
    const res = await api.request('PATCH', `/v1/components/${apiComponent}`, { status: 'major_outage' });
    expect(res.status).toBe(200);
    await settle();
    expect(puts).toEqual(expect.arrayContaining([`components/${apiComponent}/badge.svg`, `components/${apiComponent}/badge-dark.svg`, 'badge.svg', 'badge-dark.svg']));
    expect(puts).not.toContain(`components/${db}/badge.svg`);
    expect(puts).not.toContain('maintenance.ics');
    expect(await read(`components/${apiComponent}/badge.svg`)).toContain('<title>API: major outage</title>');
    expect(await read('badge.svg')).toContain('<title>status: partial outage</title>');
  });

  it('renders the same files in a full rebuild as the incremental publishes left', async () => {
    await settle();
    const out = join(dir, 'rebuild');
    await rebuildSite({ ...deps, bucket: folderBucket(out), written: undefined });
    const files = async (root: string) => {
      const found = new Map<string, string>();
      const walk = async (folder: string): Promise<void> => {
        for (const entry of await readdir(folder, { withFileTypes: true })) {
          const path = join(folder, entry.name);
          if (entry.isDirectory()) await walk(path);
          else found.set(relative(root, path), await readFile(path, 'utf8'));
        }
      };
      await walk(root);
      return found;
    };
    const incremental = await files(site());
    const rebuilt = await files(out);
    expect([...rebuilt.keys()].sort()).toEqual([...incremental.keys()].sort());
    expect([...rebuilt.keys()]).toEqual(expect.arrayContaining(['maintenance.ics', 'badge.svg', 'badge-dark.svg', `components/${db}/badge.svg`]));
    for (const [path, body] of rebuilt) expect(incremental.get(path), path).toBe(body);
  });
});
