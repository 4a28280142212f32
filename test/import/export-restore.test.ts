// `herald export` then `herald import herald FILE` into a fresh table: every record comes back as it
// was, and the site rebuilt from it is the same, byte for byte.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { folderBucket } from '#publisher/folder-bucket';
import { rebuildSite } from '#publisher/publish';
import { createCliWorld, type CliWorld } from '../cli/cli-world';

let original: CliWorld;
let restored: CliWorld;
let dir: string;

async function call(world: CliWorld, at: string, method: string, path: string, body?: unknown) {
  world.api.setNow(at);
  const response = await world.api.request(method, path, body);
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json().catch(() => null)) as Record<string, unknown>;
}

/** A deployment with some history: groups, components, incidents with updates, notes, a postmortem, maintenance, a template, subscribers. */
async function seed(world: CliWorld) {
  const checkout = await call(world, '2026-09-01T08:00:00.000Z', 'POST', '/v1/components', { name: 'Checkout', group_name: 'Store' });
  const search = await call(world, '2026-09-01T08:01:00.000Z', 'POST', '/v1/components', { name: 'Search', description: 'Finding things' });
  const inc = await call(world, '2026-10-03T09:00:00.000Z', 'POST', '/v1/incidents', {
    title: 'Checkout is failing', severity: 'SEV1', message: 'Payments fail.', components: { [String(checkout.id)]: 'major_outage' },
  });
  await call(world, '2026-10-03T09:20:00.000Z', 'POST', `/v1/incidents/${inc.id}/notes`, { message: 'Internal: the deploy lacked a canary.' });
  await call(world, '2026-10-03T09:30:00.000Z', 'POST', `/v1/incidents/${inc.id}/updates`, { status: 'monitoring', message: 'Rolled back.', components: { [String(checkout.id)]: 'operational' } });
  await call(world, '2026-10-03T10:30:00.000Z', 'POST', `/v1/incidents/${inc.id}/updates`, { status: 'resolved', message: 'Fixed.' });
  await call(world, '2026-10-05T10:00:00.000Z', 'PUT', `/v1/incidents/${inc.id}/postmortem`, { body: '## What happened\nA bad deploy.', published: true });
  await call(world, '2026-11-20T07:00:00.000Z', 'POST', '/v1/incidents', { title: 'Search is slow', severity: 'SEV3', message: 'Looking into it.', components: { [String(search.id)]: 'degraded_performance' } });
  await call(world, '2026-11-20T07:05:00.000Z', 'POST', '/v1/maintenances', {
    title: 'Database upgrade', message: 'Planned.', scheduled_for: '2026-12-01T02:00:00Z', scheduled_until: '2026-12-01T04:00:00Z', components: [checkout.id],
  });
  await call(world, '2026-11-20T07:06:00.000Z', 'POST', '/v1/templates', { kind: 'incident', name: 'Failover', title: 'Database failover', status: 'identified', body: 'Failing over {{components}}.' });
  await call(world, '2026-11-20T07:07:00.000Z', 'POST', '/v1/subscribers', { subscribers: [{ email: 'ana@example.org', components: [checkout.id] }, { email: 'bo@example.org' }], confirmed: true });
}

/** Without what a restore adds or cannot keep: where records came from, and subscribers' own times. */
function comparable(doc: Record<string, unknown>) {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'source').map(([k, v]) => [k, strip(v)]));
    return value;
  };
  const { exported_at: _at, source: _source, subscribers, ...rest } = doc;
  return { ...(strip(rest) as object), subscribers: (subscribers as Array<Record<string, unknown>>).map((s) => ({ email: s.email, components: s.components })) };
}

async function siteOf(world: CliWorld, name: string): Promise<Map<string, Buffer>> {
  const out = join(dir, name);
  world.api.setNow('2026-11-27T12:00:00.000Z');
  await rebuildSite({ store: world.api.deps.store, config: world.api.deps.config, bucket: folderBucket(out), lock: dynamoPublishLock(world.api.table), now: world.api.deps.now });
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(out, join(entry.parentPath, entry.name)), await readFile(join(entry.parentPath, entry.name)));
  }
  return files;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-roundtrip-'));
  original = await createCliWorld();
  restored = await createCliWorld();
  await seed(original);
});
afterAll(async () => {
  await original.close();
  await restored.close();
  await rm(dir, { recursive: true, force: true });
});

describe('herald export and herald import herald', () => {
  it('restores every record into a fresh table, and the rebuilt site is the same byte for byte', async () => {
    // Act
    const exported = await original.herald(['export', '--include-subscribers']);
    expect(exported.code).toBe(0);
    const file = join(dir, 'herald-backup.json');
    await writeFile(file, exported.stdout);
    const restore = await restored.herald(['import', 'herald', file, '--json']);
    const again = await restored.herald(['import', 'herald', file, '--json']);
    const reexported = await restored.herald(['export', '--include-subscribers']);

    // Assess: the document
    const doc = JSON.parse(exported.stdout) as { format: string; version: number; components: unknown[]; incidents: unknown[]; maintenances: unknown[]; templates: unknown[]; subscribers?: unknown[] };
    expect(doc).toMatchObject({ format: 'herald-export', version: 1 });
    expect([doc.components.length, doc.incidents.length, doc.maintenances.length, doc.templates.length, doc.subscribers!.length]).toEqual([3, 2, 1, 1, 2]);
    expect(restore.code).toBe(0);
    const counts = (JSON.parse(restore.stdout) as { counts: Record<string, { created: number; skipped: number }> }).counts;
    expect(Object.values(counts).every((c) => c.skipped === 0)).toBe(true);
    const second = (JSON.parse(again.stdout) as { counts: Record<string, { created: number; updated: number }> }).counts;
    expect(Object.values(second).every((c) => c.created === 0 && c.updated === 0)).toBe(true);

    // Assess: every record, then every file of the site
    expect(comparable(JSON.parse(reexported.stdout) as Record<string, unknown>)).toEqual(comparable(doc));
    const [before, after] = [await siteOf(original, 'site-original'), await siteOf(restored, 'site-restored')];
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const differing = [...before].filter(([path, body]) => !body.equals(after.get(path)!)).map(([path]) => path);
    expect(differing).toEqual([]);
    expect(before.size).toBeGreaterThan(10);
  });

  it('refuses a file that is not an export, as a usage error', async () => {
    const file = join(dir, 'not-an-export.json');
    await writeFile(file, JSON.stringify({ format: 'something-else' }));
    const run = await restored.herald(['import', 'herald', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a Herald export');
  });
});
