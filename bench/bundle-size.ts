// Bundles each Lambda handler exactly as `cdk deploy` does (infra/constructs/bundling.ts) and
// prints its size and its cold import (fresh node processes, with the NODE_OPTIONS the functions
// run with), against floors measured in the same run: an empty module (Node's own import) and the
// DynamoDB document client alone (bench/support/bundle-floor.ts), the least any handler loads.
// Targets (issue 14): every handler ≤ 1 MiB minified and ≤ 200 ms cold import median.
// Run: npm run bench:bundle [-- api publisher …] (every handler by default; ROUNDS=9).
// A handler that defers part of itself to the first event needing it (DEFERRED below) also gets
// that load timed, in the same process right after its cold import, and printed beside it (the
// API: every route set and the OpenAPI document, the most a first request loads; a request loads
// only its group's).
//
// Cold import is timed twice per process: wall clock, and the process's CPU time (user + system)
// during the import. On a shared machine the wall clock grows with everyone else's load; the CPU
// time much less, so the verdicts use it, and the ratio to the floor taken in the same rounds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { REPO_ROOT } from '../infra/config';
import { HANDLERS, esbuildOptions, type HandlerName } from '../infra/constructs/bundling';

const MAX_BYTES = 1024 * 1024;
const MAX_IMPORT_MS = 200;
const ROUNDS = Number(process.env.ROUNDS ?? 9);

const requested = process.argv.slice(2) as HandlerName[];
for (const name of requested) if (!HANDLERS.includes(name)) throw new Error(`No handler ${name}; one of ${HANDLERS.join(', ')}`);
const handlers: readonly HandlerName[] = requested.length > 0 ? requested : HANDLERS;
const out = mkdtempSync(join(tmpdir(), 'herald-bundle-'));
const env = {
  ...process.env,
  TABLE_NAME: 'bench',
  AWS_REGION: 'us-east-1',
  SITE_BUCKET: 'bench',
  PAGE_URL: 'https://status.example.com',
  TOKEN_SECRET_NAME: 'bench',
  SES_CONFIGURATION_SET: 'bench',
  MAIL_FROM: 'status@example.com',
  // What infra/constructs/herald-function.ts sets for every function.
  NODE_OPTIONS: '--enable-source-maps',
  // The SDK's warning about Node 20 (Lambda runs 22) is not part of a cold start there.
  NODE_NO_WARNINGS: '1',
};

interface Subject {
  label: string;
  file: string;
  /** The export that loads what the handler defers past its cold import (see DEFERRED). */
  loader?: string;
}

/**
 * Handlers that load part of themselves on the first event that needs it, and the export that
 * does so: the cold import is what every cold start pays, the deferred load what the first such
 * event pays on top (printed after the verdict, not part of it).
 */
const DEFERRED: Partial<Record<HandlerName, string>> = { publisher: 'loadPublisher', api: 'loadRoutes' };

async function bundle(label: string, entry: string, name: HandlerName, loader?: string): Promise<Subject> {
  const file = join(out, `${label}.mjs`);
  await build({ ...esbuildOptions(name, file), entryPoints: [entry], logLevel: 'error' });
  return { label, file, loader };
}

const emptyFile = join(out, 'empty.mjs');
writeFileSync(emptyFile, 'export const handler = async () => null;\n');
const floor = await bundle('floor', join(REPO_ROOT, 'bench/support/bundle-floor.ts'), 'api');
const subjects: Subject[] = [{ label: 'empty module', file: emptyFile }, floor];
for (const name of handlers) subjects.push(await bundle(name, join(REPO_ROOT, `functions/handlers/${name}.ts`), name, DEFERRED[name]));

const probe = join(out, 'probe.mjs');
// With a loader name, the probe then calls that export and times it too: what the handler defers
// to the first event that needs it (the publisher's publish), paid once by that invocation.
writeFileSync(
  probe,
  'const cpu = process.cpuUsage(); const t = performance.now(); const mod = await import(process.argv[2]);\n' +
    'const wall = performance.now() - t; const used = process.cpuUsage(cpu);\n' +
    'let deferred = null; if (process.argv[3]) { const c = process.cpuUsage(); await mod[process.argv[3]](); const u = process.cpuUsage(c); deferred = (u.user + u.system) / 1000; }\n' +
    'console.log(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000, deferred }));\n',
);

const samples = new Map<string, { wall: number; cpu: number; deferred: number | null }[]>(subjects.map((s) => [s.label, []]));
const load = loadavg()[0]!;
// Rounds interleave the subjects, so that each sees the same share of the machine's load.
for (let round = 0; round < ROUNDS; round++) {
  for (const subject of subjects) {
    const args = [probe, subject.file, ...(subject.loader ? [subject.loader] : [])];
    const line = execFileSync(process.execPath, args, { env, encoding: 'utf8' }).trim().split('\n').at(-1)!;
    samples.get(subject.label)!.push(JSON.parse(line) as { wall: number; cpu: number; deferred: number | null });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;
const stats = (label: string) => {
  const taken = samples.get(label)!;
  const deferred = taken.flatMap((s) => (s.deferred === null ? [] : [s.deferred]));
  return { cpu: median(taken.map((s) => s.cpu)), wall: median(taken.map((s) => s.wall)), deferred: deferred.length > 0 ? median(deferred) : undefined };
};

console.log(
  `Cold import medians over ${ROUNDS} fresh node ${process.version} processes each (NODE_OPTIONS=${env.NODE_OPTIONS}); ` +
    `machine: ${availableParallelism()} cores, load average ${load.toFixed(1)} at the start (shared: the wall times carry others' load).`,
);
const floorStats = stats('floor');
for (const subject of subjects) {
  const { cpu, wall, deferred } = stats(subject.label);
  const bytes = statSync(subject.file).size;
  const gz = gzipSync(readFileSync(subject.file)).length;
  const isHandler = subject !== floor && subject.file !== emptyFile;
  const verdict = isHandler
    ? `  [${bytes <= MAX_BYTES ? 'ok' : 'OVER'} ≤ 1 MiB, ${cpu <= MAX_IMPORT_MS ? 'ok' : 'OVER'} ≤ ${MAX_IMPORT_MS} ms]`
    : subject === floor
      ? '  (floor: the DynamoDB document client alone)'
      : '';
  console.log(
    `${subject.label.padEnd(12)} ${`${(bytes / 1024).toFixed(0)} KiB`.padStart(9)} minified (${`${(gz / 1024).toFixed(0)} KiB`.padStart(7)} gzipped); ` +
      `cold import ${ms(cpu).padStart(6)} CPU, ${ms(wall).padStart(6)} wall; ${(cpu / floorStats.cpu).toFixed(2)} × floor${verdict}` +
      (deferred === undefined ? '' : `; then ${subject.loader}() ${ms(deferred)} CPU on the first event that needs it`),
  );
}
rmSync(out, { recursive: true, force: true });
