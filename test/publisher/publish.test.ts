import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { s3SiteBucket } from '#adapters/s3/site-bucket';
import { IncidentSchema } from '#api/schemas';
import { localS3ClientConfig, startS3Local, type S3Local } from '#local/s3-local';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller';
import { folderBucket } from '#publisher/folder-bucket';
import type { SiteBucket } from '#publisher/ports';
import { publishChanges, rebuildSite, type PublisherDeps } from '#publisher/publish';
import { createPublisherHandler } from '#publisher/stream-handler';
import { createTestApi, type TestApi } from '../support/api';
import { localAws } from '../support/local-aws';

const BUCKET = 'site';
let api: TestApi;
let s3Local: S3Local;
let s3: S3Client;
let dir: string;
let poller: StreamPoller;
let deps: PublisherDeps;
/** Makes the next `failures` puts to the bucket fail, as an S3 outage would. */
let failures = 0;
/** What index.html held when an injected failure struck. */
const indexDuringFailure: Array<string | null> = [];

const read = async (key: string): Promise<string | null> => {
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await res.Body?.transformToString()) ?? null;
  } catch {
    return null;
  }
};

beforeAll(async () => {
  api = await createTestApi();
  // One clock for every render, so that a rebuild can be compared with incremental output byte for byte.
  api.setNow('2026-11-27T12:00:00.000Z');
  dir = await mkdtemp(join(tmpdir(), 'herald-publish-'));
  s3Local = await startS3Local({ dataDir: join(dir, 's3'), buckets: [BUCKET] });
  s3 = new S3Client(localS3ClientConfig(s3Local.endpoint));
  const s3Bucket = s3SiteBucket(s3, BUCKET);
  const flaky: SiteBucket = {
    async put(file) {
      if (failures > 0) {
        failures--;
        indexDuringFailure.push(await read('index.html'));
        throw new Error('S3 is having a bad day');
      }
      await s3Bucket.put(file);
    },
  };
  deps = { store: api.deps.store, config: api.deps.config, bucket: flaky, lock: dynamoPublishLock(api.table), now: api.deps.now };
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
  await poller.stop();
  await s3Local.stop();
  await api.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('the publisher', () => {
  it('puts a declared incident on every output within the stream round trip, and resolving clears the page', async () => {
    const component = (await (await api.request('POST', '/v1/components', { name: 'Checkout' })).json()) as { id: string };
    const res = await api.request('POST', '/v1/incidents', {
      title: 'Checkout <b>is</b> failing',
      severity: 'SEV1',
      message: 'We are looking. <script>alert(1)</script>',
      components: { [component.id]: 'major_outage' },
    });
    const incident = IncidentSchema.parse(await res.json());
    await poller.waitForIdle(15_000);

    const index = await read('index.html');
    expect(index).toContain('Checkout &lt;b&gt;is&lt;/b&gt; failing');
    expect(index).not.toContain('<script>alert(1)</script>');
    expect(index).not.toContain('All Systems Operational');
    expect(await read(`incidents/${incident.id}/index.html`)).toContain('We are looking.');
    expect(await read('history/index.html')).toContain(incident.id);
    expect(await read('history.rss')).toContain(`/incidents/${incident.id}/`);
    expect(await read('history.atom')).toContain(`/incidents/${incident.id}/`);
    const summary = JSON.parse((await read('api/v2/summary.json'))!);
    expect(summary.status).toEqual({ indicator: 'critical', description: expect.any(String) });
    expect(summary.incidents.map((i: { id: string }) => i.id)).toEqual([incident.id]);
    for (const file of ['status', 'components', 'incidents', 'incidents/unresolved', 'scheduled-maintenances', 'scheduled-maintenances/upcoming', 'scheduled-maintenances/active']) {
      expect(JSON.parse((await read(`api/v2/${file}.json`))!).page.url).toBe(api.deps.config.page.url);
    }

    await api.request('POST', `/v1/incidents/${incident.id}/updates`, {
      status: 'resolved',
      message: 'Fixed.',
      components: { [component.id]: 'operational' },
    });
    await poller.waitForIdle(15_000);
    expect(await read('index.html')).toContain('All Systems Operational');
    expect(JSON.parse((await read('api/v2/status.json'))!).status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('retries a batch whose upload failed and leaves the previous good page in place meanwhile', async () => {
    const before = await read('index.html');
    failures = 3;
    const res = await api.request('POST', '/v1/incidents', { title: 'Flaky storage', severity: 'SEV3', message: 'Hmm.' });
    const incident = IncidentSchema.parse(await res.json());
    await poller.waitForIdle(20_000);
    expect(failures).toBe(0);
    expect(before).not.toContain('Flaky storage');
    expect(indexDuringFailure).toHaveLength(3);
    for (const seen of indexDuringFailure) expect(seen).toBe(before);
    expect(await read('index.html')).toContain('Flaky storage');
    expect(await read(`incidents/${incident.id}/index.html`)).toContain('Flaky storage');
  });

  it('ends with the newest state when two publishers race on overlapping changes', async () => {
    const res = await api.request('POST', '/v1/incidents', { title: 'Raced', severity: 'SEV2', message: 'one' });
    const incident = IncidentSchema.parse(await res.json());
    await poller.waitForIdle(15_000);
    await api.request('POST', `/v1/incidents/${incident.id}/updates`, { status: 'identified', message: 'two' });
    const change = [{ kind: 'incident' as const, id: incident.id }];
    await Promise.all([publishChanges(deps, change), publishChanges(deps, change), publishChanges(deps, change)]);
    await poller.waitForIdle(15_000);
    const page = (await read(`incidents/${incident.id}/index.html`))!;
    expect(page).toContain('two');
    expect(JSON.parse((await read('api/v2/incidents/unresolved.json'))!).incidents.find((i: { id: string }) => i.id === incident.id).status).toBe('identified');
  });

  it('moves a completed maintenance from the index to its month’s history page and into both feeds', async () => {
    const component = (await (await api.request('POST', '/v1/components', { name: 'Database' })).json()) as { id: string };
    const scheduled = await api.request('POST', '/v1/maintenances', {
      title: 'Database <upgrade> ]]>',
      message: 'Planned.',
      scheduled_for: '2026-11-27T13:00:00.000Z',
      scheduled_until: '2026-11-27T14:00:00.000Z',
      components: [component.id],
    });
    expect(scheduled.status).toBe(201);
    const { id } = (await scheduled.json()) as { id: string };
    await poller.waitForIdle(15_000);
    expect(await read('index.html')).toContain(`maintenance-${id}`);

    await api.request('POST', `/v1/maintenances/${id}/updates`, { status: 'completed', message: 'All done.' });
    await poller.waitForIdle(15_000);

    const month = await read('history/2026-11/index.html');
    expect(month).toContain(`id="maintenance-${id}"`);
    expect(month).toContain('Database &lt;upgrade&gt; ]]&gt;');
    expect(await read('history/index.html')).toContain(`id="maintenance-${id}"`);
    expect(await read('history.rss')).toContain(`/history/2026-11/#maintenance-${id}`);
    expect(await read('history.atom')).toContain('Maintenance: Database &lt;upgrade&gt; ]]&gt;');
  });

  it('shows "Next update by" on an open incident, and never an internal note, on any page, feed or JSON file', async () => {
    const res = await api.request('POST', '/v1/incidents', {
      title: 'Promised update', severity: 'SEV1', message: 'Public words.', next_update_at: '2026-11-27T14:30:00Z',
    });
    const incident = IncidentSchema.parse(await res.json());
    const note = await api.request('POST', `/v1/incidents/${incident.id}/notes`, { message: 'SECRET-NOTE: the vendor owes us one' });
    expect(note.status).toBe(201);
    await poller.waitForIdle(15_000);

    const promise = '<p class="meta next-update">Next update by <time datetime="2026-11-27T14:30:00.000Z" data-local>14:30 UTC</time></p>';
    expect(await read('index.html')).toContain(promise);
    expect(await read(`incidents/${incident.id}/index.html`)).toContain(
      '<p class="next-update">Next update by <time datetime="2026-11-27T14:30:00.000Z" data-local>14:30 UTC</time></p>',
    );

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Contents?.length).toBeGreaterThan(10);
    for (const object of listed.Contents ?? []) {
      const body = (await read(object.Key!))!;
      expect(body, object.Key).not.toContain('SECRET-NOTE');
      // The Statuspage JSON keeps its shape: no promise field in it.
      if (object.Key!.startsWith('api/')) expect(body, object.Key).not.toContain('next_update');
    }
    const unresolved = JSON.parse((await read('api/v2/incidents/unresolved.json'))!);
    expect(Object.keys(unresolved.incidents.find((i: { id: string }) => i.id === incident.id)).sort()).toEqual([
      'components', 'created_at', 'id', 'impact', 'incident_updates', 'monitoring_at', 'name', 'page_id', 'resolved_at', 'shortlink', 'started_at', 'status', 'updated_at',
    ]);

    await api.request('POST', `/v1/incidents/${incident.id}/updates`, { status: 'resolved', message: 'Done.' });
    await poller.waitForIdle(15_000);
    expect(await read(`incidents/${incident.id}/index.html`)).not.toContain('Next update by');
  });

  it('renders the same files in a full rebuild as the incremental publishes left in the bucket', async () => {
    await poller.waitForIdle(15_000);
    const out = join(dir, 'rebuild');
    await rebuildSite({ ...deps, bucket: folderBucket(out) });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const incremental = new Map<string, string>();
    for (const object of listed.Contents ?? []) incremental.set(object.Key!, (await read(object.Key!))!);
    const rebuilt = new Map<string, string>();
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path);
        else rebuilt.set(relative(out, path), await readFile(path, 'utf8'));
      }
    };
    await walk(out);
    expect([...rebuilt.keys()].sort()).toEqual([...incremental.keys()].sort());
    for (const [path, body] of rebuilt) expect(incremental.get(path), path).toBe(body);
  });
});
