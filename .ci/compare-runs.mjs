// Compares two vitest JSON reports test by test: every test must end the same way in both
// (passed, failed, skipped). Used by .ci/run to prove no test depends on the day it runs on:
// the second report comes from the same files run with the system date a year ahead.
/* global process, console */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [todayDir, shiftedDir] = process.argv.slice(2);
if (!todayDir || !shiftedDir) {
  console.error('usage: node .ci/compare-runs.mjs TODAY_DIR SHIFTED_DIR (folders of vitest JSON reports)');
  process.exit(2);
}

/** Every test's outcome in every JSON report in `dir`. */
function outcomes(dir) {
  const byTest = new Map();
  for (const entry of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(join(dir, entry), 'utf8'));
    for (const file of report.testResults ?? []) {
      const name = relative(process.cwd(), file.name);
      for (const test of file.assertionResults ?? []) byTest.set(`${name} › ${test.fullName}`, test.status);
    }
  }
  return byTest;
}

const today = outcomes(todayDir);
const shifted = outcomes(shiftedDir);
const differences = [];
for (const [test, status] of shifted) {
  const before = today.get(test);
  if (before === undefined) differences.push(`${test}: ${status} a year ahead, not run today`);
  else if (before !== status) differences.push(`${test}: ${before} today, ${status} a year ahead`);
}
const failedAhead = [...shifted].filter(([, status]) => status === 'failed').map(([test]) => test);
for (const test of failedAhead) if (!differences.some((d) => d.startsWith(test))) differences.push(`${test}: failed a year ahead`);

const count = (status) => [...shifted.values()].filter((s) => s === status).length;
console.log(`date shift: ${shifted.size} tests compared, ${differences.length} difference(s)`);
for (const line of differences) console.log(`  ${line}`);
console.log(`shifted: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped') + count('pending')} skipped`);
process.exit(differences.length === 0 && shifted.size > 0 ? 0 : 1);
