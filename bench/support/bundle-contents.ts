// What a handler bundle holds: its minified bytes by package and by file, from esbuild's metafile,
// built with the options `cdk deploy` uses (infra/constructs/bundling.ts). A tool for cutting
// bundles (issue 14 §5), not a benchmark.
// Run: npx tsx bench/support/bundle-contents.ts publisher [TOP=40]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HANDLERS, esbuildOptions, type HandlerName } from '../../infra/constructs/bundling';

const name = (process.argv[2] ?? 'publisher') as HandlerName;
if (!HANDLERS.includes(name)) throw new Error(`No handler ${name}; one of ${HANDLERS.join(', ')}`);
const top = Number(process.env.TOP ?? 40);
const out = mkdtempSync(join(tmpdir(), 'herald-bundle-contents-'));
const outfile = join(out, 'index.mjs');
const result = await build({ ...esbuildOptions(name, outfile), metafile: true, logLevel: 'error' });
const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)!;

/** node_modules/@scope/pkg/… → @scope/pkg; functions/… → functions/<dir>; else the path. */
function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at >= 0) {
    const [first, second] = path.slice(at + 'node_modules/'.length).split('/');
    return first!.startsWith('@') ? `${first}/${second}` : first!;
  }
  const parts = path.split('/');
  return parts.slice(0, Math.min(parts.length - 1, 2)).join('/') || path;
}

const byPackage = new Map<string, number>();
const byFile: [string, number][] = [];
for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
  byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + bytesInOutput);
  byFile.push([path, bytesInOutput]);
}
const kib = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} KiB`;
const total = statSync(outfile).size;
console.log(`${name}: ${kib(total)} in the file; ${kib(output.bytes)} per metafile; inputs ${Object.keys(output.inputs).length}`);
console.log('\nBy package:');
for (const [pkg, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${kib(bytes)}  ${pkg}`);
console.log('\nBy file:');
for (const [file, bytes] of byFile.sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${kib(bytes)}  ${file}`);
rmSync(out, { recursive: true, force: true });
