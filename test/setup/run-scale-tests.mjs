// Runs each scale test file (test/**/*.scale.test.ts) in a vitest run of its own, each with a
// fresh DynamoDB Local: seeding 100,000 items into an instance that already held another file's
// 10,000 windows slowed it tenfold. The runs go side by side (one per core, each with its own
// instance; the files assert counted requests, never time), each one's output printed whole when
// it ends. Part of `npm test`.
/* global process, console, Buffer */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

function scaleFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scaleFiles(path);
    return entry.name.endsWith('.scale.test.ts') ? [relative(process.cwd(), path)] : [];
  });
}

/** One file's vitest run; resolves with its exit code once its output is printed. */
function run(file) {
  const name = file.replace(/[^a-z0-9]+/gi, '-');
  const child = spawn('npx', ['vitest', 'run', '--config', 'vitest.scale.config.ts', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HERALD_TEST_REPORT_NAME: `scale-${name}` },
  });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.once('error', (error) => {
      output.push(Buffer.from(`could not start vitest for ${file}: ${error.message}\n`));
    });
    child.once('close', (code) => {
      process.stdout.write(Buffer.concat(output));
      resolve(code ?? 1);
    });
  });
}

const files = scaleFiles('test').sort();
const slots = Math.max(1, Math.min(files.length, availableParallelism()));
const queue = [...files];
let failed = 0;
await Promise.all(
  Array.from({ length: slots }, async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if ((await run(file)) !== 0) failed++;
    }
  }),
);
console.log(`scale files: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
