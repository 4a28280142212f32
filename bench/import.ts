// `herald import statuspage` at scale: 5,000 incidents (20,000 updates), 50,000 subscribers, 20
// components in 4 groups, from the fake Statuspage on loopback with its rate limit off, into the
// local stack (in memory, no stream consumers: the import's own cost). Prints the wall time and the
// CLI's peak memory (targets ≤ 60 s, ≤ 500 MB), the requests made to Statuspage and the time its
// 1 request/s limit alone would impose, then runs the import again (everything same).
// Run: npm run bench:import   (BENCH_INCIDENTS, BENCH_SUBSCRIBERS, BENCH_CONCURRENCY to change the load)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalStack } from '#local/local-stack';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { startFakeStatuspage } from '../test/support/fake-statuspage';
import { profileRepositories } from './support/profile-repositories';
import { PAGE_ID, aComponent, aGroup, aSubscriber, anIncident, anUpdate } from '../test/support/statuspage-fixtures';

quietSdkNodeWarning();
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 5000);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 50_000);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '8';
const BIN = resolve(import.meta.dirname, '../cli/bin/herald.mjs');
const PEAK = resolve(import.meta.dirname, 'support/peak-rss.cjs');

const groups = Array.from({ length: 4 }, (_, g) => aGroup({ id: `grp${g}`, name: `Group ${g}`, position: g + 1 }));
const components = Array.from({ length: 20 }, (_, c) => aComponent({ id: `cmp${c}`, name: `Component ${c}`, group_id: `grp${c % 4}`, position: c + 1 }));
const start = Date.parse('2020-01-01T00:00:00Z');
const incidents = Array.from({ length: INCIDENTS }, (_, i) => {
  const at = (minutes: number) => new Date(start + i * 3 * 3600_000 + minutes * 60_000).toISOString();
  const code = `cmp${i % 20}`;
  return anIncident({ id: `inc${i}`, name: `Incident ${i}`, impact: ['critical', 'major', 'minor', 'none'][i % 4] }, [
    anUpdate({ status: 'investigating', created_at: at(0), body: `Investigating incident ${i}. `.repeat(8), affected_components: [{ code, name: code, old_status: 'operational', new_status: 'major_outage' }] }),
    anUpdate({ status: 'identified', created_at: at(20), body: 'We found the cause. '.repeat(8) }),
    anUpdate({ status: 'monitoring', created_at: at(40), body: 'A fix is out. '.repeat(8), affected_components: [{ code, name: code, old_status: 'major_outage', new_status: 'operational' }] }),
    anUpdate({ status: 'resolved', created_at: at(90), body: 'Resolved. '.repeat(8) }),
  ]);
});
const subscribers = Array.from({ length: SUBSCRIBERS }, (_, s) => aSubscriber({ email: `person${s}@example.org`, components: s % 3 === 0 ? [`cmp${s % 20}`] : [] }));

const fake = await startFakeStatuspage({ groups, components, incidents, templates: [], subscribers });
const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-import-'));
const stack = await startLocalStack({ port: 0, dataDir, inMemory: true, apiKey: 'hk_bench_key_0123456789', consumers: () => [] });
// BENCH_PROFILE=1: the API's calls on the repositories an import writes through, per run.
const store = stack.deps.app.store;
const profile = process.env.BENCH_PROFILE === '1'
  ? profileRepositories({ imports: store.imports, incidents: store.incidents, components: store.components, subscribers: store.subscribers, suppressions: store.suppressions, idempotency: store.idempotency })
  : null;

let runStarted = 0;
function runImport(extra: string[] = []): Promise<{ code: number | null; ms: number; peakMb: number; stdout: string; stderr: string }> {
  const began = performance.now();
  profile?.reset();
  runStarted = performance.timeOrigin + began;
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--require', PEAK, BIN, 'import', 'statuspage', '--page-id', PAGE_ID, '--api-key', fake.key, '--source-url', fake.url, '--min-interval-ms', '0', '--concurrency', CONCURRENCY, '--json', ...extra],
      { env: { ...process.env, HERALD_URL: stack.url, HERALD_API_KEY: stack.apiKey }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => {
      const peak = Number(/PEAK_RSS_KB (\d+)/.exec(stderr)?.[1] ?? 0);
      done({ code, ms: performance.now() - began, peakMb: peak / 1024, stdout, stderr });
    });
  });
}

try {
  const first = await runImport();
  if (first.code !== 0) throw new Error(`import failed (${first.code}): ${first.stderr.slice(-2000)}`);
  const requests = fake.requests.length;
  const counts = (JSON.parse(first.stdout) as { counts: Record<string, Record<string, number>> }).counts;
  console.log(`import: ${INCIDENTS.toLocaleString('en')} incidents (${(INCIDENTS * 4).toLocaleString('en')} updates), ${SUBSCRIBERS.toLocaleString('en')} subscribers, concurrency ${CONCURRENCY}`);
  console.log(`  wall time ${(first.ms / 1000).toFixed(1)} s (target ≤ 60 s), CLI peak memory ${first.peakMb.toFixed(0)} MB (target ≤ 500 MB)`);
  console.log(`  ${requests} requests to Statuspage: its 1 request/s limit alone would take ${requests} s (${(requests / 60).toFixed(1)} min) beside this`);
  console.log(`  ${Object.entries(counts).map(([k, c]) => `${k} ${c.created} created/${c.skipped} skipped`).join(', ')}`);
  if (profile) console.log(profile.report(runStarted));
  const second = await runImport();
  const again = (JSON.parse(second.stdout) as { counts: Record<string, Record<string, number>> }).counts;
  const changed = Object.values(again).reduce((n, c) => n + (c.created ?? 0) + (c.updated ?? 0), 0);
  console.log(`second run: ${(second.ms / 1000).toFixed(1)} s, ${changed} records changed (expected 0), peak ${second.peakMb.toFixed(0)} MB`);
  if (profile) console.log(profile.report(runStarted));
} finally {
  await stack.stop();
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
}
