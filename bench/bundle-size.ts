// Bundles each Lambda handler exactly as `cdk deploy` does (infra/constructs/bundling.ts) and
// prints its size and the cold import time in fresh node processes (target for the API handler:
// ≤ 1 MB minified, ≤ 150 ms cold import). Run: npm run bench:bundle [-- api publisher …]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { HANDLERS, esbuildOptions, type HandlerName } from '../infra/constructs/bundling';

const requested = process.argv.slice(2) as HandlerName[];
const handlers = requested.length > 0 ? requested : (['api'] as HandlerName[]);
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
};

for (const name of handlers) {
  if (!HANDLERS.includes(name)) throw new Error(`No handler ${name}; one of ${HANDLERS.join(', ')}`);
  const outfile = join(out, `${name}.mjs`);
  await build({ ...esbuildOptions(name, outfile), logLevel: 'error' });
  const bytes = statSync(outfile).size;
  const gz = gzipSync(readFileSync(outfile)).length;
  const probe = join(out, `probe-${name}.mjs`);
  writeFileSync(probe, `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log((performance.now() - t).toFixed(1));`);
  const times: number[] = [];
  for (let i = 0; i < 9; i++) times.push(Number(execFileSync(process.execPath, [probe], { env, encoding: 'utf8' }).trim()));
  times.sort((a, b) => a - b);
  console.log(
    `${name}: ${(bytes / 1024).toFixed(0)} KiB minified (${(gz / 1024).toFixed(0)} KiB gzipped); ` +
      `cold import median ${times[4]} ms (min ${times[0]}, max ${times[8]}) over 9 fresh node processes`,
  );
}
