// Bundles the API handler as Lambda gets it (esbuild, minified, ESM, node22) and prints its size
// and the cold import time in fresh node processes. Run: npm run bench:bundle
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { englishOnlyZodLocales } from '../infra/bundling/zod-locales-plugin';

const handlers = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['api'];
const out = mkdtempSync(join(tmpdir(), 'herald-bundle-'));

for (const name of handlers) {
  const outfile = join(out, `${name}.mjs`);
  await build({
    entryPoints: [`functions/handlers/${name}.ts`],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outfile,
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    plugins: [englishOnlyZodLocales],
    logLevel: 'error',
  });
  const bytes = statSync(outfile).size;
  const gz = gzipSync(readFileSync(outfile)).length;
  const probe = join(out, `probe-${name}.mjs`);
  writeFileSync(
    probe,
    `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log((performance.now() - t).toFixed(1));`,
  );
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const ms = execFileSync(process.execPath, [probe], {
      env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'us-east-1', SITE_BUCKET: 'bench', PAGE_URL: 'https://status.example.com' },
      encoding: 'utf8',
    });
    times.push(Number(ms.trim()));
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name}: ${(bytes / 1024).toFixed(0)} KiB minified (${(gz / 1024).toFixed(0)} KiB gzipped); ` +
      `cold import median ${times[3]} ms, min ${times[0]} ms, max ${times[6]} ms over 7 fresh processes`,
  );
}
