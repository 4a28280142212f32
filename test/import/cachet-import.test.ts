// `herald import cachet` as a user runs it: the real bin, a test API on loopback, a fake Cachet 3
// JSON:API on loopback with `links.next` paging, a 429 with Retry-After and bad records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliWorld, type CliWorld } from '../cli/cli-world';
import { aCachetComponent, aCachetGroup, aCachetIncident, aCachetSchedule, aCachetSubscriber, aCachetUpdate, startFakeCachet, type FakeCachet } from '../support/fake-cachet';

let world: CliWorld;
let fake: FakeCachet;

function cachetData() {
  const updates = [aCachetUpdate('11', 2, 'A bad deploy.', '2024-03-04 10:30:00'), aCachetUpdate('12', 4, 'Fixed.', '2024-03-04 11:00:00')];
  return {
    groups: [aCachetGroup('1', 'Store')],
    components: [
      aCachetComponent('1', 'Checkout', { order: 1 }, '1'),
      aCachetComponent('2', 'Search', { order: 2, status: 2 }),
      aCachetComponent('3', 'Broken', { status: 9 }),
    ],
    incidents: [
      aCachetIncident('1', 'Checkout is failing', { status: { human: 'Fixed', value: 4 } }, updates, ['1']),
      aCachetIncident('2', 'Search is slow', { status: { human: 'Watching', value: 3 }, occurred: { string: '2024-06-01 09:00:00' } }),
      aCachetIncident('3', 'Not really an incident', { status: { human: 'Unknown', value: 0 } }),
    ],
    updates,
    schedules: [aCachetSchedule('1', 'Database upgrade', {}, ['1'])],
    subscribers: [aCachetSubscriber('1', 'ana@example.org', {}, ['1']), aCachetSubscriber('2', 'bo@example.org'), aCachetSubscriber('3', 'cy@example.org', { verified: false })],
  };
}

const args = (...extra: string[]) => ['import', 'cachet', '--url', fake.url, '--token', fake.token, '--time-zone', 'Europe/Paris', '--min-interval-ms', '0', '--per-page', '2', ...extra];

beforeAll(async () => {
  world = await createCliWorld();
  fake = await startFakeCachet(cachetData());
});
afterAll(async () => {
  await fake.close();
  await world.close();
});

interface Report {
  counts: Record<string, { created: number; updated: number; same: number; skipped: number }>;
  details: Array<{ kind: string; source_id: string; result: string; reason?: string }>;
}

describe('herald import cachet', () => {
  it('exits 2 naming --time-zone when it is missing or not a zone, before reading Cachet', async () => {
    const before = fake.requests.length;
    const missing = await world.herald(['import', 'cachet', '--url', fake.url]);
    const wrong = await world.herald(['import', 'cachet', '--url', fake.url, '--time-zone', 'Mars/Olympus']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--time-zone is required');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"Mars/Olympus" is not an IANA time zone');
    expect(fake.requests.length).toBe(before);
  });

  it('--dry-run prints what would be created and skipped, and changes nothing', async () => {
    const run = await world.herald(args('--dry-run'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run of the cachet import: nothing was changed.');
    expect(run.stdout).toMatch(/incident\s+would create 2, would update 0, same 0, skipped 1/);
    expect(run.stdout).toContain('component Broken [3]: skipped: unknown status 9');
    expect(await (await world.api.request('GET', '/v1/incidents?state=all')).json()).toEqual([]);
    expect(await (await world.api.request('GET', '/v1/components')).json()).toEqual([]);
  });

  it('imports through paging and a 429, times read in the given zone, skipping bad records with their reason', async () => {
    fake.rateLimitNext('/api/incidents?include', '1');
    const run = await world.herald(args('--json'));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.counts).toEqual({
      component_group: { created: 1, updated: 0, same: 0, skipped: 0 },
      component: { created: 2, updated: 0, same: 0, skipped: 1 },
      incident: { created: 2, updated: 0, same: 0, skipped: 1 },
      maintenance: { created: 1, updated: 0, same: 0, skipped: 0 },
      subscriber: { created: 2, updated: 0, same: 0, skipped: 1 },
    });
    expect(report.details.filter((d) => d.result === 'skipped').map((d) => [d.kind, d.source_id, d.reason])).toEqual([
      ['component', '3', 'unknown status 9'],
      ['incident', '3', 'status 0 (unknown or scheduled): not an incident'],
      ['subscriber', '3', 'never verified their address'],
    ]);
    expect(run.stderr).toMatch(/Cachet: rate limited \(429\); waiting 1 s/);
    expect(fake.requests.some((r) => r.includes('/api/components') && r.includes('page=2'))).toBe(true);

    const incidents = (await (await world.api.request('GET', '/v1/incidents?state=all')).json()) as Array<{ id: string; severity: string; status: string; title: string }>;
    expect(incidents.map((i) => [i.id, i.severity, i.status, i.title])).toEqual([
      ['INC-20240601-0700', 'SEV3', 'monitoring', 'Search is slow'],
      ['INC-20240304-0905', 'SEV3', 'resolved', 'Checkout is failing'],
    ]);
    const inc1 = (await (await world.api.request('GET', '/v1/incidents/INC-20240304-0905')).json()) as { updates: Array<{ status: string; created_at: string }> };
    expect(inc1.updates.map((u) => [u.status, u.created_at])).toEqual([
      ['investigating', '2024-03-04T09:05:00.000Z'],
      ['identified', '2024-03-04T09:30:00.000Z'],
      ['resolved', '2024-03-04T10:00:00.000Z'],
    ]);
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

  it('exits 3 naming Cachet when it refuses the token', async () => {
    const run = await world.herald(['import', 'cachet', '--url', fake.url, '--token', 'wrong', '--time-zone', 'UTC', '--min-interval-ms', '0', '--dry-run']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Cachet: .*401/);
  });
});
