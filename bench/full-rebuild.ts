// Full rebuild of the site from a table holding N past incidents (4 items each), against the floors
// measured in the same run: (a) reading every item with the fastest plain SDK calls (parallel
// segmented Scans, or parallel Queries), (b) rendering every page from data in memory, (c) writing
// the same bytes to a folder. Then Herald's rebuild into a folder (target ≤ 1.5 × (a + b + c),
// peak RSS ≤ 600 MB and flat with N), into an empty S3 bucket (s3rver), and into a bucket that
// already holds the site (target ≤ 1.2 × the folder time: only changed files are uploaded).
// Every measurement runs in a fresh process of its own (its peak RSS is its own).
// Run: npm run bench:rebuild   (BENCH_INCIDENTS=10000, or a list: BENCH_INCIDENTS=10000,50000)
// Knobs for the large sizes: BENCH_FLOORS_MAX=10000 measures the floors only up to that size (the
// floors' process holds everything: minutes and gigabytes at 50,000); BENCH_BUCKETS=0 skips the two
// bucket runs; BENCH_REBUILD=loaded measures the rebuild as it was (every incident read first; bench/support/rebuild-run.ts)
// instead of the rebuild Lambda's streamed one; BENCH_COMPARE_LOADED=1 also runs that one after it
// (into a folder: time and peak RSS). The last line prints each size's peak RSS.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { startDynamoDbLocal } from '#local/dynamodb-local';
import { ensureTable } from '#local/ensure-table';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { startS3Local } from '#local/s3-local';
import { seedPastIncidents } from './support/seed-incidents';

quietSdkNodeWarning();
const sizes = (process.env.BENCH_INCIDENTS ?? '10000').split(',').map(Number);
const floorsUpTo = Number(process.env.BENCH_FLOORS_MAX ?? Number.POSITIVE_INFINITY);
const buckets = process.env.BENCH_BUCKETS !== '0';
const peaks: string[] = [];
const RUN = resolve(import.meta.dirname, 'support/rebuild-run.ts');
const dir = await mkdtemp(join(tmpdir(), 'herald-bench-rebuild-'));
const db = await startDynamoDbLocal({});
const s3Local = await startS3Local({ dataDir: join(dir, 's3'), buckets: sizes.map((n) => `site-${n}`) });

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const s = (x: number) => `${x.toFixed(1)} s`;
const mb = (x: number) => `${x.toFixed(0)} MB`;
const int = (n: number) => n.toLocaleString('en-US');

/** Runs bench/support/rebuild-run.ts in a fresh process and returns its JSON line. */
function run<T>(args: string[], env: Record<string, string>): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) fail(new Error(`rebuild-run ${args.join(' ')} exited ${code}: ${stdout}`));
      else done(JSON.parse(line) as T);
    });
  });
}

/** Every file under `root`, by path. */
async function filesUnder(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(root, path), await readFile(path));
    }
  };
  await walk(root);
  return files;
}

async function sameFiles(a: string, b: string): Promise<string> {
  const [left, right] = await Promise.all([filesUnder(a), filesUnder(b)]);
  if (left.size !== right.size) return `no (${left.size} files against ${right.size})`;
  for (const [path, body] of left) if (!right.get(path)?.equals(body)) return `no (${path} differs)`;
  return 'yes';
}

interface Floors {
  reads: Record<string, number>;
  items: number;
  render: number;
  write: number;
  files: number;
  peakMb: number;
}
interface Herald {
  seconds: number;
  files: number;
  puts: number;
  peakMb: number;
  /** The rebuild process's own CPU (user + system), which the machine's load inflates less. */
  cpuSeconds: number;
}

try {
  const aws = { endpoint: db.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } };
  console.log(`load average ${load()} (${cpus().length} cores) at the start`);
  for (const count of sizes) {
    const tableName = `herald-${count}`;
    await ensureTable(new DynamoDBClient(aws), tableName);
    const seedNow = Date.now();
    const seeded = performance.now();
    await seedPastIncidents({ doc: createDocumentClient(aws), tableName }, count, seedNow);
    console.log(`\n${int(count)} incidents (${int(count * 4)} items), seeded in ${s((performance.now() - seeded) / 1000)}`);
    const env = {
      BENCH_DDB_ENDPOINT: db.endpoint,
      BENCH_TABLE: tableName,
      BENCH_S3_ENDPOINT: s3Local.endpoint,
      BENCH_S3_BUCKET: `site-${count}`,
      BENCH_NOW: new Date(seedNow).toISOString(),
    };
    const floorOut = join(dir, `floor-${count}`);
    const heraldOut = join(dir, `herald-${count}`);

    let floor: number | undefined;
    if (count <= floorsUpTo) {
      const floors = await run<Floors>(['floors'], { ...env, BENCH_OUT: floorOut });
      const [fastest, read] = Object.entries(floors.reads).sort((a, b) => a[1] - b[1])[0]!;
      floor = read + floors.render + floors.write;
      console.log(`  floor (a) read ${int(floors.items)} items: ${Object.entries(floors.reads).map(([how, t]) => `${how} ${s(t)}`).join(' · ')}; fastest ${fastest}`);
      console.log(`  floor (b) render ${int(floors.files)} files from memory: ${s(floors.render)}`);
      console.log(`  floor (c) write them to a folder: ${s(floors.write)}`);
      console.log(`  floor (a + b + c): ${s(floor)} (its process's peak RSS ${mb(floors.peakMb)})   [load average ${load()}]`);
    } else console.log(`  floors not measured at this size (BENCH_FLOORS_MAX=${floorsUpTo})`);

    const folder = await run<Herald>(['herald'], { ...env, BENCH_TARGET: 'folder', BENCH_OUT: heraldOut });
    const ratio = floor === undefined ? 'no floor at this size' : `${(folder.seconds / floor).toFixed(2)} × floor (target ≤ 1.5)`;
    const same = floor === undefined ? '' : `, same bytes as the floor's: ${await sameFiles(floorOut, heraldOut)}`;
    console.log(
      `  Herald into a folder${process.env.BENCH_REBUILD === 'loaded' ? ' (BENCH_REBUILD=loaded)' : ''}: ${s(folder.seconds)} = ${ratio}; ` +
        `peak RSS ${mb(folder.peakMb)} (target ≤ 600 MB); CPU ${s(folder.cpuSeconds)}; ${int(folder.files)} files${same}   [load average ${load()}]`,
    );
    peaks.push(`${int(count)} incidents ${mb(folder.peakMb)}`);
    if (process.env.BENCH_COMPARE_LOADED === '1') {
      // Before: the loaded rebuild, every incident read first, in a process of its own.
      const loaded = await run<Herald>(['herald'], { ...env, BENCH_TARGET: 'folder', BENCH_OUT: `${heraldOut}-loaded`, BENCH_REBUILD: 'loaded' });
      const ratioLoaded = floor === undefined ? 'no floor at this size' : `${(loaded.seconds / floor).toFixed(2)} × floor`;
      console.log(`  before (BENCH_REBUILD=loaded) into a folder: ${s(loaded.seconds)} = ${ratioLoaded}; peak RSS ${mb(loaded.peakMb)}; CPU ${s(loaded.cpuSeconds)}   [load average ${load()}]`);
      peaks.push(`before ${mb(loaded.peakMb)}`);
      await rm(`${heraldOut}-loaded`, { recursive: true, force: true });
    }
    if (!buckets) {
      await rm(floorOut, { recursive: true, force: true });
      await rm(heraldOut, { recursive: true, force: true });
      continue;
    }
    const empty = await run<Herald>(['herald'], { ...env, BENCH_TARGET: 'bucket' });
    console.log(`  Herald into an empty bucket: ${s(empty.seconds)}, ${int(empty.puts)} uploads, peak RSS ${mb(empty.peakMb)}   [load average ${load()}]`);
    const full = await run<Herald>(['herald'], { ...env, BENCH_TARGET: 'bucket' });
    console.log(
      `  Herald into a bucket already holding the site: ${s(full.seconds)} = ${(full.seconds / folder.seconds).toFixed(2)} × the folder (target ≤ 1.2), ` +
        `${int(full.puts)} uploads, peak RSS ${mb(full.peakMb)}   [load average ${load()}]`,
    );

    if (count === sizes[0]) {
      const gz = async (path: string) => gzipSync(await readFile(join(heraldOut, path))).length;
      const assets = await readdir(join(heraldOut, 'assets'));
      const incidentDir = (await readdir(join(heraldOut, 'incidents')))[0]!;
      const index = await gz('index.html');
      const css = await gz(`assets/${assets.find((f) => f.endsWith('.css'))}`);
      const js = await gz(`assets/${assets.find((f) => f.endsWith('.js'))}`);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      console.log(
        `  gzipped: index.html ${kb(index)} + CSS ${kb(css)} + script ${kb(js)} = ${kb(index + css + js)}; ` +
          `an incident page ${kb(await gz(`incidents/${incidentDir}/index.html`))}; history landing ${kb(await gz('history/index.html'))}`,
      );
    }
    await rm(floorOut, { recursive: true, force: true });
    await rm(heraldOut, { recursive: true, force: true });
  }
  console.log(`\npeak RSS of the rebuild into a folder, by size: ${peaks.join(' · ')} (target ≤ 600 MB and flat)   [load average ${load()}]`);
} finally {
  await s3Local.stop();
  await db.stop();
  await rm(dir, { recursive: true, force: true });
}
