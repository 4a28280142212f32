import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliWorld, type CliWorld } from './cli-world';

let world: CliWorld;
beforeAll(async () => {
  world = await createCliWorld();
});
afterAll(() => world.close());

describe('herald incidents', () => {
  it('declares with every argument given and prints the answer with --json', async () => {
    // Prepare
    const component = await (await world.api.request('POST', '/v1/components', { name: 'Checkout' })).json() as { id: string };
    // Act
    const run = await world.herald(['incidents', 'declare', '--json', '-t', 'Checkout is failing', '-s', 'P1', '-m', 'Investigating.', '-c', 'Checkout=major_outage']);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const incident = JSON.parse(run.stdout) as { id: string; severity: string; components: string[]; status: string };
    expect(incident).toMatchObject({ severity: 'SEV1', status: 'investigating', components: [component.id] });
  });

  it('without a terminal, a missing argument is a usage error naming it (exit 2) and nothing is sent', async () => {
    const run = await world.herald(['incidents', 'declare', '--title', 'Search is slow']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing --severity, --message');
    const list = await (await world.api.request('GET', '/v1/incidents?state=all')).json() as { title: string }[];
    expect(list.map((i) => i.title)).not.toContain('Search is slow');
  });
});

describe('herald incidents, through the lifecycle', () => {
  it('updates, edits, shows, lists and resolves an incident', async () => {
    // Prepare
    const declared = await world.herald(['incidents', 'declare', '--json', '-t', 'Search is slow', '-s', 'SEV3', '-m', 'Looking into it.', '--no-notify']);
    const { id } = JSON.parse(declared.stdout) as { id: string };
    // Act
    const updated = await world.herald(['incidents', 'update', id, '--status', 'identified', '-m', 'An index is missing.']);
    const edited = await world.herald(['incidents', 'edit', id, '--severity', 'SEV2', '--commander', 'Ana', '--json']);
    const [shown, open] = await Promise.all([world.herald(['incidents', 'show', id]), world.herald(['incidents', 'list', '--state', 'open'])]);
    const resolved = await world.herald(['incidents', 'resolve', id, '-m', 'Fixed.', '--json']);
    // Assess
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain(`${id} identified (update 2, version`);
    expect(JSON.parse(edited.stdout)).toMatchObject({ severity: 'SEV2', roles: { commander: 'Ana' } });
    expect(shown.stdout).toContain('Roles: commander Ana');
    expect(shown.stdout).toMatch(/2026-11-27 08:00 UTC {2}investigating {2}\(no mail\)\n {2}Looking into it\./);
    expect(shown.stdout).toContain('  An index is missing.');
    expect(open.stdout).toMatch(new RegExp(`${id}\\s+SEV2\\s+identified`));
    expect(resolved.code).toBe(0);
    const answer = JSON.parse(resolved.stdout) as { status: string; warnings: string[] };
    expect(answer.status).toBe('resolved');
    expect(resolved.stderr).toBe(''); // with --json the warnings are in the answer, not on stderr
  });

  it('edit with nothing to change is a usage error', async () => {
    const run = await world.herald(['incidents', 'edit', 'INC-20261127-0800']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give at least one of --title');
  });

  it('update without a terminal names what is missing', async () => {
    const run = await world.herald(['incidents', 'update', 'INC-20261127-0800', '--message', 'Still on it.']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing --status');
  });

  it('declares from a template by name, the template filling title, severity and message', async () => {
    // Prepare
    const template = (await (
      await world.api.request('POST', '/v1/templates', {
        name: 'Payments down', kind: 'incident', title: 'Payments are failing', status: 'investigating',
        body: 'Payments fail. We are investigating.', severity: 'SEV1',
      })
    ).json()) as { id: string };
    // Act
    const run = await world.herald(['incidents', 'declare', '--template', 'payments down', '--json']);
    // Assess
    expect(template.id).toBeTruthy();
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ title: 'Payments are failing', severity: 'SEV1' });
  });
});
