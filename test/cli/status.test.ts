import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliWorld, type CliWorld } from './cli-world';

let world: CliWorld;
let incidentId: string;
beforeAll(async () => {
  world = await createCliWorld();
  const component = (await (await world.api.request('POST', '/v1/components', { name: 'Checkout', group_name: 'Store' })).json()) as { id: string };
  const incident = (await (
    await world.api.request('POST', '/v1/incidents', {
      title: 'Checkout is failing',
      severity: 'SEV1',
      message: 'Investigating.',
      components: { [component.id]: 'major_outage' },
    })
  ).json()) as { id: string };
  incidentId = incident.id;
});
afterAll(() => world.close());

describe('herald status', () => {
  it('--json prints the page state and the open incidents with when their next update is due', async () => {
    const run = await world.herald(['status', '--json']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { page: { indicator: string; description: string }; incidents: { id: string; next_update_due_at: string }[] };
    expect(answer.page).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect(answer.incidents.map((i) => i.id)).toEqual([incidentId]);
    // SEV1's cadence: 30 minutes after the declaration, on the test clock
    expect(answer.incidents[0]!.next_update_due_at).toBe('2026-11-27T08:30:00.000Z');
  });

  it('reads as a table with times in the local zone, named, and no colour when not on a terminal', async () => {
    const run = await world.herald(['status'], { env: { TZ: 'Europe/Berlin' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Major System Outage');
    expect(run.stdout).toContain('Times in Europe/Berlin.');
    expect(run.stdout).toMatch(new RegExp(`${incidentId}\\s+SEV1\\s+investigating\\s+2026-11-27 09:00 CET\\s+2026-11-27 09:30 CET .*Checkout is failing`));
    expect(run.stdout).toMatch(/Store \/ Checkout\s+major_outage/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('a refusal exits 1 with the problem detail; with --json the problem is printed too', async () => {
    const plain = await world.herald(['incidents', 'show', 'INC-20200101-0000']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^herald: 404 .*INC-20200101-0000/m);
    const json = await world.herald(['incidents', 'show', 'INC-20200101-0000', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 404 });
  });

  it('a wrong key exits 1 with the 401 detail', async () => {
    const run = await world.herald(['status'], { env: { HERALD_API_KEY: 'hk_wrong' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('401');
  });

  it('nothing listening exits 3, naming the URL', async () => {
    // Prepare: a port that was just free
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as AddressInfo;
    await new Promise((done) => probe.close(done));
    // Act
    const run = await world.herald(['status'], { env: { HERALD_URL: `http://127.0.0.1:${port}` } });
    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Cannot reach Herald at http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('a malformed argument is a usage error before any configuration is read', async () => {
    const run = await world.herald(['incidents', 'show', 'no such id!'], { env: { HERALD_URL: undefined, HERALD_API_KEY: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('incident id "no such id!" is not one');
  });

  it('an unknown command or option is a usage error (exit 2)', async () => {
    expect((await world.herald(['incidents', 'frobnicate'])).code).toBe(2);
    expect((await world.herald(['status', '--bogus'])).code).toBe(2);
    expect((await world.herald(['--help'])).code).toBe(0);
  });
});
