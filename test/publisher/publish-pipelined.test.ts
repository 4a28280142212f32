// A per-change publish renders the changed incidents' pages as soon as those incidents and the
// components are read, and uploads them while the rest is read and rendered; and it uploads only
// the files whose bytes changed since this process last wrote them (WrittenFiles). The shortcuts
// these tempt, each caught here:
// - a page that should have changed but was skipped (or left out of one of the two parts), or an
//   incident page rendered from less than it shows: after every publish, every file a full render
//   makes now is in the bucket byte for byte, headers too;
// - the rest uploaded before the incident pages are in place: no put of a later tier of the upload
//   order (docs/contract-additions.md) starts before every put of an earlier tier has finished,
//   with the incident page's put made slow so that the rest has rendered long before it ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { loadAllSiteData } from '#publisher/load-site-data';
import type { SiteBucket } from '#publisher/ports';
import { publishChanges, rebuildSite, type PublisherDeps } from '#publisher/publish';
import type { SiteChange } from '#publisher/render/pages-touched';
import { renderSiteFiles, type SiteFile } from '#publisher/render/site-files';
import { WrittenFiles } from '#publisher/unchanged-files';
import { createTestApi, type TestApi } from '../support/api';

const NOW = '2026-11-27T12:00:00.000Z';

/** The upload order's tiers (docs/contract-additions.md), earliest first; anything else last. */
const TIERS: Array<(path: string) => boolean> = [
  (p) => p.startsWith('assets/'),
  (p) => p.startsWith('incidents/'),
  (p) => p.startsWith('history/') && p !== 'history/index.html',
  (p) => p === 'history/index.html' || p.startsWith('history.') || p === '404.html',
  (p) => p.startsWith('api/'),
  (p) => p === 'index.html',
];
const tierOf = (path: string) => {
  const tier = TIERS.findIndex((matches) => matches(path));
  return tier === -1 ? TIERS.length : tier;
};

/** A turn of the event loop (no timer): a slow put is one that takes many. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

interface PutEvent {
  path: string;
  tier: number;
  started: number;
  ended?: number;
}

let api: TestApi;
let deps: PublisherDeps;
/** What the bucket holds, by path. */
const held = new Map<string, SiteFile>();
/** Every put of the current publish, in the order they started. */
let puts: PutEvent[] = [];
let tick = 0;

const bucket: SiteBucket = {
  async put(file) {
    const event: PutEvent = { path: file.path, tier: tierOf(file.path), started: ++tick };
    puts.push(event);
    // The incident pages go up slowly: the rest renders (and would be put) long before they end.
    if (event.tier === 1) await turns(200);
    else await turns(2);
    held.set(file.path, { ...file, body: String(file.body) });
    event.ended = ++tick;
  },
};

async function publish(changes: SiteChange[]): Promise<PutEvent[]> {
  puts = [];
  await publishChanges(deps, changes);
  return puts;
}

/** Every file a full render makes from the table now, compared with what the bucket holds. */
async function expectBucketAsFullRender(): Promise<void> {
  const files = await renderSiteFiles(await loadAllSiteData(deps, deps.now()), 'all');
  const differing = files.filter((file) => {
    const there = held.get(file.path);
    return there === undefined || there.body !== String(file.body) || there.contentType !== file.contentType || there.cacheControl !== file.cacheControl;
  });
  expect(differing.map((f) => f.path)).toEqual([]);
}

/** No put starts before every put of an earlier tier has ended. */
function expectInOrder(events: PutEvent[]): void {
  for (const event of events) {
    const earlier = events.filter((other) => other.tier < event.tier);
    for (const other of earlier) expect(other.ended, `${other.path} ended before ${event.path} started`).toBeLessThan(event.started);
  }
}

const post = async (path: string, body: unknown) => {
  const res = await api.request('POST', path, body);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as { id: string };
};

beforeAll(async () => {
  api = await createTestApi();
  // One clock for every render: an untouched page written earlier equals a full render now.
  api.setNow(NOW);
  deps = { store: api.deps.store, config: api.deps.config, bucket, lock: dynamoPublishLock(api.table), now: api.deps.now, written: new WrittenFiles() };
});

afterAll(async () => {
  await api.drop();
});

describe('a per-change publish with remembered writes', () => {
  let component: string;
  let incident: string;

  it('starts from a full rebuild', async () => {
    component = (await post('/v1/components', { name: 'Checkout' })).id;
    await post('/v1/incidents', { title: 'Earlier trouble', severity: 'SEV3', message: 'Resolved long ago.' });
    puts = [];
    await rebuildSite(deps);
    expectInOrder(puts);
    await expectBucketAsFullRender();
  });

  it('leaves the whole site as a full render after a declaration, writing the incident page first', async () => {
    incident = (await post('/v1/incidents', { title: 'Checkout is failing', severity: 'SEV1', message: 'Payments **stalled**.', components: { [component]: 'major_outage' } })).id;
    const events = await publish([
      { kind: 'incident', id: incident },
      { kind: 'component', id: component, renamed: false },
    ]);
    expect(events.map((e) => e.path)).toContain(`incidents/${incident}/index.html`);
    expect(events.map((e) => e.path)).toContain('index.html');
    expectInOrder(events);
    await expectBucketAsFullRender();
  });

  it('does so after a message-only update, a status change with a component, a maintenance and the resolve', async () => {
    const steps: Array<() => Promise<SiteChange[]>> = [
      async () => {
        await post(`/v1/incidents/${incident}/updates`, { status: 'investigating', message: 'Still _looking_.' });
        return [{ kind: 'incident', id: incident }];
      },
      async () => {
        await post(`/v1/incidents/${incident}/updates`, { status: 'identified', message: 'A bad deploy.', components: { [component]: 'partial_outage' } });
        return [
          { kind: 'incident', id: incident },
          { kind: 'component', id: component, renamed: false },
        ];
      },
      async () => {
        const maintenance = await post('/v1/maintenances', {
          title: 'Database upgrade',
          message: 'We will upgrade the database.',
          scheduled_for: '2026-11-30T02:00:00.000Z',
          scheduled_until: '2026-11-30T04:00:00.000Z',
          components: [component],
        });
        return [{ kind: 'maintenance', id: maintenance.id }];
      },
      async () => {
        await post(`/v1/incidents/${incident}/updates`, { status: 'resolved', message: 'Fixed.', restore_components: true });
        return [
          { kind: 'incident', id: incident },
          { kind: 'component', id: component, renamed: false },
        ];
      },
    ];
    for (const step of steps) {
      const events = await publish(await step());
      expect(events.length).toBeGreaterThan(0);
      expectInOrder(events);
      await expectBucketAsFullRender();
    }
  });

  it('writes nothing when nothing a reader sees changed, and every changed file when something did', async () => {
    expect(await publish([{ kind: 'incident', id: incident }])).toEqual([]);
    await post(`/v1/incidents/${incident}/updates`, { status: 'resolved', message: 'Postmortem to follow.' });
    const events = await publish([{ kind: 'incident', id: incident }]);
    expect(events.map((e) => e.path)).toEqual(expect.arrayContaining([`incidents/${incident}/index.html`, 'history.rss', 'history.atom']));
    expectInOrder(events);
    await expectBucketAsFullRender();
  });
});
