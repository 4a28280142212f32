// Runs each scale test file (test/**/*.scale.test.ts) in a vitest run of its own, one after
// another, each with a fresh DynamoDB Local: seeding 100,000 items into an instance that already
// held another file's 10,000 windows slowed it tenfold. Part of `npm test`.
/* global process, console */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

function scaleFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scaleFiles(path);
    return entry.name.endsWith('.scale.test.ts') ? [relative(process.cwd(), path)] : [];
  });
}

const files = scaleFiles('test').sort();
let failed = 0;
for (const file of files) {
  const name = file.replace(/[^a-z0-9]+/gi, '-');
  const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.scale.config.ts', file], {
    stdio: 'inherit',
    env: { ...process.env, HERALD_TEST_REPORT_NAME: `scale-${name}` },
  });
  if (run.status !== 0) failed++;
}
console.log(`scale files: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
