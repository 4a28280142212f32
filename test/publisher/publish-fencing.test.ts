// A slow full rebuild (it read the table, then stalled past its lease) races an incremental
// publish of a newer state: the bucket on s3rver must end at the newest state.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '#app/ports/store';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { s3SiteBucket } from '#adapters/s3/site-bucket';
import { IncidentSchema } from '#api/schemas';
import { localS3ClientConfig, startS3Local, type S3Local } from '#local/s3-local';
import type { SiteBucket } from '#publisher/ports';
import { publishChanges, rebuildSite, type PublisherDeps } from '#publisher/publish';
import { createTestApi, type TestApi } from '../support/api';

const BUCKET = 'site';
let api: TestApi;
let s3Local: S3Local;
let s3: S3Client;
let dir: string;
let bucket: SiteBucket;

const read = async (key: string): Promise<string> => {
  const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await res.Body?.transformToString()) ?? '';
};

/** A publisher process: its own lock object, leases judged by the test world's one clock. */
function publisher(store: Store = api.deps.store, log?: string[]): PublisherDeps {
  const logged: SiteBucket = {
    async put(file) {
      await bucket.put(file);
      log?.push(file.path);
    },
  };
  return {
    store,
    config: api.deps.config,
    bucket: logged,
    lock: dynamoPublishLock(api.table, { clock: api.clock, leaseMs: 60_000, waitMs: 2_000 }),
    now: api.deps.now,
  };
}

/** The store, except that its first full read (whole, or the first batch of a streamed one) stalls after reading until `release()`. */
function stallingStore() {
  const store = api.deps.store;
  let release!: () => void;
  let loaded!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const hasRead = new Promise<void>((resolve) => (loaded = resolve));
  let stalled = false;
  const slow: Store = {
    ...store,
    incidents: {
      ...store.incidents,
      async all() {
        const incidents = await store.incidents.all();
        if (!stalled) {
          stalled = true;
          loaded();
          await gate;
        }
        return incidents;
      },
      // The full rebuild streams the incidents (rebuild-streamed.ts): it stalls once it has read
      // the first batch, before rendering or writing anything of it.
      async *allInBatches(options) {
        for await (const batch of store.incidents.allInBatches(options)) {
          if (!stalled) {
            stalled = true;
            loaded();
            await gate;
          }
          yield batch;
        }
      },
    },
  };
  return { store: slow, hasRead, release };
}

beforeAll(async () => {
  api = await createTestApi();
  api.setNow('2026-11-27T12:00:00.000Z');
  dir = await mkdtemp(join(tmpdir(), 'herald-fencing-'));
  s3Local = await startS3Local({ dataDir: join(dir, 's3'), buckets: [BUCKET] });
  s3 = new S3Client(localS3ClientConfig(s3Local.endpoint));
  bucket = s3SiteBucket(s3, BUCKET);
});

afterAll(async () => {
  await s3Local.stop();
  await api.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('publish lock fencing', () => {
  it('leaves the newest state in the bucket when a rebuild stalls past its lease while a newer publish lands', async () => {
    // Prepare: an incident in its first state, on the site
    const component = (await (await api.request('POST', '/v1/components', { name: 'Checkout' })).json()) as { id: string };
    const declared = await api.request('POST', '/v1/incidents', {
      title: 'Checkout is failing',
      severity: 'SEV2',
      message: 'State A: looking into it.',
      components: { [component.id]: 'major_outage' },
    });
    const incident = IncidentSchema.parse(await declared.json());
    await rebuildSite(publisher());

    // Act: a rebuild reads state A, then stalls past its 60 s lease
    const slow = stallingStore();
    const rebuildLog: string[] = [];
    const rebuilding = rebuildSite(publisher(slow.store, rebuildLog));
    await slow.hasRead;
    await api.request('POST', `/v1/incidents/${incident.id}/updates`, {
      status: 'identified',
      message: 'State B: a bad deploy.',
      components: { [component.id]: 'operational' },
    });
    api.clock.advance(61_000);
    // ...and the stream's publisher, finding the lease lapsed, publishes state B
    await publishChanges(publisher(), [{ kind: 'incident', id: incident.id }]);
    expect(await read('index.html')).toContain('State B: a bad deploy.');
    const writtenBeforeResume = rebuildLog.length;
    slow.release();
    await rebuilding; // fenced out, it starts again from a fresh read

    // Assess: every output is at state B
    expect(writtenBeforeResume).toBe(0);
    const index = await read('index.html');
    expect(index).toContain('State B: a bad deploy.');
    expect(index).not.toContain('State A: looking into it.');
    expect(await read(`incidents/${incident.id}/index.html`)).toContain('State B: a bad deploy.');
    const unresolved = JSON.parse(await read('api/v2/incidents/unresolved.json')) as { incidents: Array<{ id: string; status: string }> };
    expect(unresolved.incidents.find((i) => i.id === incident.id)?.status).toBe('identified');
    const components = JSON.parse(await read('api/v2/components.json')) as { components: Array<{ id: string; status: string }> };
    expect(components.components.find((c) => c.id === component.id)?.status).toBe('operational');
  });
});
