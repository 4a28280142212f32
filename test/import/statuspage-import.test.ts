// `herald import statuspage` as a user runs it: the real bin, a test API on loopback, a fake
// Statuspage on loopback with paging, a 429 with Retry-After, a dropped connection and bad records.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliWorld, type CliWorld } from '../cli/cli-world';
import { startFakeStatuspage, type FakeStatuspage } from '../support/fake-statuspage';
import { PAGE_ID, aComponent, aGroup, aSubscriber, aTemplate, anIncident, anUpdate } from '../support/statuspage-fixtures';

let world: CliWorld;
let fake: FakeStatuspage;

function statuspageData() {
  const group = aGroup({ id: 'grp1', name: 'Store', components: ['cmp1'] });
  const components = [
    aComponent({ id: 'cmp1', name: 'Checkout', group_id: 'grp1', position: 1 }),
    aComponent({ id: 'cmp2', name: 'Search', position: 2, status: 'degraded_performance', updated_at: '2024-06-01T00:00:00Z' }),
    aComponent({ id: 'grp1', name: 'Store', group: true }),
    aComponent({ id: 'bad1', name: 'Broken', status: 'on_fire' }),
  ];
  const incidents = [
    anIncident({ id: 'inc1', name: 'Checkout is failing', impact: 'critical', postmortem_body: 'A bad deploy.', postmortem_published_at: '2024-03-06T09:00:00Z' }, [
      anUpdate({ status: 'investigating', created_at: '2024-03-04T10:05:00Z', affected_components: [{ code: 'cmp1', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }] }),
      anUpdate({ status: 'resolved', body: 'Fixed.', created_at: '2024-03-04T11:00:00Z', affected_components: [{ code: 'cmp1', name: 'Checkout', old_status: 'major_outage', new_status: 'operational' }] }),
    ]),
    anIncident({ id: 'inc2', name: 'Search is slow', impact: 'minor' }, [anUpdate({ status: 'investigating', created_at: '2024-06-01T00:00:00Z' })]),
    anIncident({ id: 'inc3', name: 'Bell\u0007 ringing', impact: 'none' }, [anUpdate({ status: 'resolved', created_at: '2024-07-01T00:00:00Z', body: 'y'.repeat(200 * 1024) })]),
    anIncident({ id: 'inc4', name: 'Nothing usable', impact: 'major' }, [anUpdate({ status: 'exploding' })]),
    anIncident({ id: 'mnt1', name: 'Database upgrade', impact: 'maintenance', scheduled_for: '2024-05-01T02:00:00Z', scheduled_until: '2024-05-01T04:00:00Z', components: [components[0]] }, [
      anUpdate({ status: 'scheduled', created_at: '2024-04-20T00:00:00Z' }),
      anUpdate({ status: 'completed', created_at: '2024-05-01T04:00:00Z' }),
    ]),
  ];
  const subscribers = [
    aSubscriber({ email: 'ana@example.org', components: ['cmp1'] }),
    aSubscriber({ email: 'bo@example.org' }),
    aSubscriber({ email: 'cy@example.org', quarantined_at: '2024-02-02T00:00:00Z' }),
    aSubscriber({ mode: 'sms', email: null, phone_number: '+15555550100' }),
  ];
  return { groups: [group], components, incidents, templates: [aTemplate({ id: 'tpl1' })], subscribers };
}

const args = (...extra: string[]) => ['import', 'statuspage', '--page-id', PAGE_ID, '--api-key', fake.key, '--source-url', fake.url, '--min-interval-ms', '0', '--per-page', '2', ...extra];

beforeAll(async () => {
  world = await createCliWorld();
  fake = await startFakeStatuspage(statuspageData());
});
afterAll(async () => {
  await fake.close();
  await world.close();
});

interface Report {
  counts: Record<string, { created: number; updated: number; same: number; skipped: number }>;
  details: Array<{ kind: string; source_id: string; result: string; reason?: string; differences?: unknown[]; notes?: string[] }>;
}

describe('herald import statuspage', () => {
  it('--dry-run prints what would be created and skipped, and changes nothing', async () => {
    const run = await world.herald(args('--dry-run'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run of the statuspage import: nothing was changed.');
    expect(run.stdout).toMatch(/incident\s+would create 3, would update 0, same 0, skipped 1/);
    expect(run.stdout).toContain('incident Nothing usable [inc4]: skipped: no usable updates');
    expect(await (await world.api.request('GET', '/v1/incidents?state=all')).json()).toEqual([]);
    expect(await (await world.api.request('GET', '/v1/components')).json()).toEqual([]);
  });

  it('imports everything through rate limiting, a dropped connection and paging, notifying nobody', async () => {
    fake.failNext('/incidents?page=2', { kind: '429', retryAfter: '1' });
    fake.failNext('/components?page=1', { kind: 'drop' });
    const run = await world.herald(args('--json'));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.counts).toEqual({
      component: { created: 2, updated: 0, same: 0, skipped: 1 },
      component_group: { created: 1, updated: 0, same: 0, skipped: 0 },
      incident: { created: 3, updated: 0, same: 0, skipped: 1 },
      maintenance: { created: 1, updated: 0, same: 0, skipped: 0 },
      template: { created: 1, updated: 0, same: 0, skipped: 0 },
      subscriber: { created: 2, updated: 0, same: 0, skipped: 2 },
    });
    expect(run.stderr).toMatch(/rate limited \(429\); waiting 1 s/);
    expect(fake.requests.filter((r) => r.startsWith(`/v1/pages/${PAGE_ID}/subscribers`)).map((r) => new URL(r, 'http://x').searchParams.get('page'))).toContain('0');

    const incidents = (await (await world.api.request('GET', '/v1/incidents?state=all')).json()) as Array<{ id: string; title: string; severity: string; status: string }>;
    expect(incidents.map((i) => [i.id, i.severity, i.status, i.title])).toEqual([
      ['INC-20240701-0000', 'SEV4', 'resolved', 'Bell ringing'],
      ['INC-20240601-0000', 'SEV3', 'investigating', 'Search is slow'],
      ['INC-20240304-1005', 'SEV1', 'resolved', 'Checkout is failing'],
    ]);
    const inc1 = (await (await world.api.request('GET', '/v1/incidents/INC-20240304-1005')).json()) as { updates: Array<{ created_at: string }>; postmortem: { published: boolean } };
    expect(inc1.updates.map((u) => u.created_at)).toEqual(['2024-03-04T10:05:00.000Z', '2024-03-04T11:00:00.000Z']);
    expect(inc1.postmortem.published).toBe(true);
    const components = (await (await world.api.request('GET', '/v1/components')).json()) as Array<{ name: string; status: string; group_name: string | null }>;
    expect(components.map((c) => [c.name, c.status, c.group_name])).toEqual([
      ['Store', 'operational', null],
      ['Checkout', 'operational', 'Store'],
      ['Search', 'degraded_performance', null],
    ]);
    const subscribers = (await (await world.api.request('GET', '/v1/subscribers?status=confirmed')).json()) as { subscribers: Array<{ email: string; components: string[] }> };
    expect(subscribers.subscribers.map((s) => [s.email, s.components.length]).sort()).toEqual([['ana@example.org', 1], ['bo@example.org', 0]]);
  });

  it('a second run changes nothing', async () => {
    const run = await world.herald(args('--json'));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    for (const [kind, c] of Object.entries(report.counts)) {
      expect({ kind, created: c.created, updated: c.updated }).toEqual({ kind, created: 0, updated: 0 });
    }
  });

  it('a changed source shows up in the dry run field by field', async () => {
    (fake.data.incidents[1] as { name: string }).name = 'Search was slow';
    const run = await world.herald(args('--dry-run'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/incident\s+would create 0, would update 1, same 2, skipped 1/);
    expect(run.stdout).toContain('    title: "Search is slow" → "Search was slow"');
    (fake.data.incidents[1] as { name: string }).name = 'Search is slow';
  });

  it('exits 3 naming Statuspage when it refuses the key, before writing anything', async () => {
    const run = await world.herald(['import', 'statuspage', '--page-id', PAGE_ID, '--api-key', 'wrong', '--source-url', fake.url, '--min-interval-ms', '0']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Statuspage: .*401/);
  });
});

/** Confirmed subscribers as [email, filter size], sorted. */
const subscriberRows = (world: CliWorld) =>
  world.api
    .request('GET', '/v1/subscribers?status=confirmed')
    .then(async (r) => ((await r.json()) as { subscribers: Array<{ email: string; components: string[] }> }).subscribers.map((s) => [s.email, s.components.length]).sort());

describe('an import whose source fails while its subscribers are read', () => {
  it('keeps the records written meanwhile, exits 3 naming Statuspage, and a re-run ends as one uninterrupted run', async () => {
    // Prepare: a fresh Herald; Statuspage asks to come back in an hour when the subscribers are read
    const third = await createCliWorld();
    try {
      fake.failNext('/subscribers?', { kind: '429', retryAfter: '3600' });

      // Act
      const cut = await third.herald(args('--json'));
      const again = await third.herald(args('--json'));

      // Assess
      expect(cut.code).toBe(3);
      expect(cut.stderr).toMatch(/Statuspage: .*subscribers.*rate limited/);
      expect(again.code).toBe(0);
      const counts = (JSON.parse(again.stdout) as Report).counts;
      expect(counts.subscriber).toEqual({ created: 2, updated: 0, same: 0, skipped: 2 });
      expect(counts.incident!.created + counts.incident!.updated).toBe(0);
      expect(await subscriberRows(third)).toEqual(await subscriberRows(world));
    } finally {
      await third.close();
    }
  });
});

describe('an import interrupted and run again', () => {
  it('ends in the same state as one uninterrupted run', async () => {
    // Prepare: a second Herald, reached through a proxy that drops every connection after 6 requests.
    const second = await createCliWorld();
    let served = 0;
    const proxy: Server = createServer(async (req, res) => {
      if (++served > 6) return req.socket.destroy();
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await fetch(`${second.url}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    try {
      // Act
      const cut = await second.herald(args('--concurrency', '1'), { env: { HERALD_URL: proxyUrl } });
      const again = await second.herald(args('--json'));
      const check = await second.herald(args('--json', '--dry-run'));
      // Assess
      expect(cut.code).toBe(3);
      expect(again.code).toBe(0);
      const counts = (JSON.parse(check.stdout) as Report).counts;
      expect(Object.values(counts).every((c) => c.created === 0 && c.updated === 0)).toBe(true);
      const ids = (world: CliWorld) => world.api.request('GET', '/v1/incidents?state=all').then(async (r) => ((await r.json()) as Array<{ id: string }>).map((i) => i.id));
      expect(await ids(second)).toEqual(await ids(world));
      const names = (world: CliWorld) => world.api.request('GET', '/v1/components').then(async (r) => ((await r.json()) as Array<{ name: string }>).map((c) => c.name));
      expect(await names(second)).toEqual(await names(world));
      expect(await subscriberRows(second)).toEqual(await subscriberRows(world));
    } finally {
      await new Promise((done) => proxy.close(done));
      await second.close();
    }
  });
});
