import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliWorld, type CliWorld } from './cli-world';

let world: CliWorld;
beforeAll(async () => {
  world = await createCliWorld();
});
afterAll(() => world.close());

describe('herald components', () => {
  it('creates in a group, sets a status by name and lists them', async () => {
    const created = await world.herald(['components', 'create', 'API', '--group', 'Platform', '--json']);
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const set = await world.herald(['components', 'set', 'api', 'degraded_performance']);
    expect(set.stdout).toBe('API: operational → degraded_performance\n');
    const list = await world.herald(['components', 'list']);
    expect(list.stdout).toMatch(/Platform \(group\)/);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+ {2}API\\s+degraded_performance`));
    const bad = await world.herald(['components', 'set', 'api', 'sideways']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('status must be one of operational');
  });
});

describe('herald maintenance', () => {
  it('schedules, lists, updates and cancels windows', async () => {
    await world.api.request('POST', '/v1/components', { name: 'Database' });
    const scheduled = await world.herald([
      'maintenance', 'schedule', '-t', 'Database upgrade', '-m', 'Brief read-only period.',
      '--from', '2026-11-28 02:00', '--until', '2026-11-28T03:00:00Z', '-c', 'Database', '--json',
    ]);
    expect(scheduled.stderr).toBe('');
    const window = JSON.parse(scheduled.stdout) as { id: string; scheduled_for: string };
    expect(window.scheduled_for).toBe('2026-11-28T02:00:00.000Z'); // TZ=UTC in the world
    const list = await world.herald(['maintenance', 'list', '--state', 'upcoming']);
    expect(list.stdout).toMatch(new RegExp(`${window.id}\\s+scheduled\\s+2026-11-28 02:00 UTC\\s+2026-11-28 03:00 UTC\\s+Database upgrade`));
    const cancelled = await world.herald(['maintenance', 'cancel', window.id]);
    expect(cancelled.stdout).toBe(`${window.id} cancelled\n`);
    const again = await world.herald(['maintenance', 'update', window.id, '--status', 'in_progress', '-m', 'Starting.']);
    expect(again.code).toBe(1); // a completed window refuses further updates (409)
    const missing = await world.herald(['maintenance', 'schedule', '-t', 'X', '-m', 'Y', '--from', 'soon', '--until', 'later']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--from: not a time: soon');
  });
});

describe('herald templates', () => {
  it('lists the seeded templates and shows one by name', async () => {
    const list = await world.herald(['templates', 'list', '--json']);
    const templates = JSON.parse(list.stdout) as { id: string; name: string }[];
    expect(templates.length).toBeGreaterThan(0);
    const shown = await world.herald(['templates', 'show', templates[0]!.name]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`(${templates[0]!.id.length ? '' : ''}`);
    expect(shown.stdout.split('\n')[0]).toContain(templates[0]!.id);
  });
});

describe('herald subscribers', () => {
  it('imports a CSV after a dry run, counts and exports them', async () => {
    const file = join(world.home, 'subscribers.csv');
    writeFileSync(file, '\ufeffEmail;Name\r\nana@example.org;Ana\r\n"bo@example.org";Bo\r\n');
    const dry = await world.herald(['subscribers', 'import', file, '--dry-run', '--confirmed']);
    expect(dry.stdout).toContain('Dry run: would import 2, would skip 0; nothing was changed.');
    expect(JSON.parse((await world.herald(['subscribers', 'count', '--json'])).stdout)).toMatchObject({ total: 0 });
    const real = await world.herald(['subscribers', 'import', file, '--confirmed']);
    expect(real.stdout).toContain('Imported 2, skipped 0.');
    expect(JSON.parse((await world.herald(['subscribers', 'count', '--json'])).stdout)).toEqual({ total: 2, pending: 0, confirmed: 2, suppressed: 0 });
    const exported = await world.herald(['subscribers', 'export']);
    const lines = exported.stdout.trim().split('\n');
    expect(lines[0]).toBe('email,status,components,source,created_at,confirmed_at');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')).sort()).toEqual(['ana@example.org,confirmed', 'bo@example.org,confirmed']);
    const none = await world.herald(['subscribers', 'import', join(world.home, 'nope.csv')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ENOENT');
  });
});

describe('herald postmortem', () => {
  it('prints a draft and publishes a file', async () => {
    const declared = await world.api.request('POST', '/v1/incidents', { title: 'Login fails', severity: 'SEV2', message: 'Investigating.' });
    const { id } = (await declared.json()) as { id: string };
    await world.api.request('POST', `/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
    const draft = await world.herald(['postmortem', 'draft', id]);
    expect(draft.code).toBe(0);
    expect(draft.stdout).toContain('Login fails');
    const file = join(world.home, 'pm.md');
    writeFileSync(file, draft.stdout);
    const published = await world.herald(['postmortem', 'publish', id, '--file', file, '--json']);
    expect(JSON.parse(published.stdout)).toMatchObject({ postmortem: { published: true } });
  });
});

describe('herald keys', () => {
  it('lists keys with their scopes, creates and revokes one', async () => {
    const created = await world.herald(['keys', 'create', '--name', 'ci', '--scopes', 'read,incidents', '--json']);
    const { prefix, key } = JSON.parse(created.stdout) as { prefix: string; key: string };
    expect(key.startsWith(prefix)).toBe(true);
    const list = await world.herald(['keys']);
    expect(list.stdout).toMatch(new RegExp(`${prefix}\\s+ci\\s+read,incidents`));
    expect((await world.herald(['keys', 'revoke', prefix])).code).toBe(0);
    expect((await world.herald(['keys'])).stdout).not.toContain(prefix);
    expect((await world.herald(['keys', 'create', '--name', 'x', '--scopes', 'root'])).code).toBe(2);
  });
});

describe('herald login and the configuration', () => {
  it('login checks the key, saves url and key mode 0600, and later runs use them', async () => {
    const refused = await world.herald(['login', '--url', world.url, '--key', 'hk_wrong'], { env: { HERALD_URL: undefined, HERALD_API_KEY: undefined } });
    expect(refused.code).toBe(1);
    const file = join(world.home, 'config', 'herald', 'config.json');
    expect(() => readFileSync(file)).toThrow();
    const login = await world.herald(['login', '--url', `${world.url}/v1/`, '--key', world.api.key], { env: { HERALD_URL: undefined, HERALD_API_KEY: undefined } });
    expect(login.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: world.url, key: world.api.key });
    expect(execFileSync('stat', ['-c', '%a', file], { encoding: 'utf8' }).trim()).toBe('600');
    const config = await world.herald(['config', '--json'], { env: { HERALD_URL: undefined, HERALD_API_KEY: undefined } });
    expect(JSON.parse(config.stdout)).toMatchObject({ url: world.url, source: file });
    expect((await world.herald(['components', 'list'], { env: { HERALD_URL: undefined, HERALD_API_KEY: undefined } })).code).toBe(0);
    expect((await world.herald(['logout'])).stdout).toContain('Removed');
  });

  it('finds the running local stack and the key in its data folder', async () => {
    const { announceStack } = await import('#local/running-stacks');
    const dataDir = join(world.home, 'data');
    execFileSync('mkdir', ['-p', dataDir]);
    writeFileSync(join(dataDir, 'api-key'), `${world.api.key}\n`);
    const runtime = join(world.home, 'runtime');
    const port = Number(new URL(world.url).port);
    const withdraw = announceStack({ data_dir: dataDir, port, url: world.url, pid: process.pid }, runtime);
    chmodSync(runtime, 0o700);
    try {
      const run = await world.herald(['config', '--json'], { env: { HERALD_URL: undefined, HERALD_API_KEY: undefined } });
      expect(JSON.parse(run.stdout)).toMatchObject({ url: world.url, source: `the local stack (data folder ${dataDir})` });
      expect((await world.herald(['status'], { env: { HERALD_URL: undefined, HERALD_API_KEY: undefined } })).code).toBe(0);
    } finally {
      withdraw();
    }
    const none = await world.herald(['status'], { env: { HERALD_URL: undefined, HERALD_API_KEY: undefined } });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('no local stack is running');
  });
});

describe('herald completion', () => {
  it('prints bash and zsh scripts that the shells accept, completing subcommands', async () => {
    const bash = await world.herald(['completion', 'bash']);
    const file = join(world.home, 'herald.bash');
    writeFileSync(file, bash.stdout);
    const words = execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(herald incidents de); COMP_CWORD=2; _herald; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(words.trim()).toBe('declare');
    const zsh = await world.herald(['completion', 'zsh']);
    expect(zsh.stdout).toContain('compdef _herald herald');
    expect((await world.herald(['completion', 'fish'])).code).toBe(2);
  });
});
