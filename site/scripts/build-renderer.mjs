#!/usr/bin/env node
// Precompiles the site's .astro pages into one ES module, dist/renderer/entry.mjs, that the
// publisher imports to render single pages in well under a millisecond (see
// functions/publisher/render/renderer.ts). A Vite SSR build with Astro's own Vite configuration
// (astro/config's getViteConfig), so the pages compile exactly as `astro build` would compile them.
//
//   node site/scripts/build-renderer.mjs             build
//   node site/scripts/build-renderer.mjs --if-stale  build only when site/src changed since the last build
//
// Plain JavaScript so that it runs with bare `node` (renderer.ts runs it on demand in tests).
// Concurrent runs (parallel test workers) take a lock, and the finished build replaces the old
// one by a directory rename, so a reader never sees half a build.
/* global process, console, setTimeout */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const siteDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = join(siteDir, '..');
const distDir = join(repoDir, 'dist');
const outDir = join(distDir, 'renderer');
const infoFile = join(outDir, 'build-info.json');
const lockDir = join(distDir, '.renderer.lock');
const LOCK_STALE_MS = 5 * 60_000;

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** What the build depends on: the site's sources, this script, the Astro and Vite versions. */
function sourceHash() {
  const hash = createHash('sha256');
  const files = [...listFiles(join(siteDir, 'src')), ...listFiles(join(siteDir, 'scripts'))].sort();
  for (const file of files) {
    hash.update(relative(repoDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const pkg of ['astro', 'vite']) {
    const manifest = join(repoDir, 'node_modules', pkg, 'package.json');
    hash.update(existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : 'none');
  }
  return hash.digest('hex');
}

function isFresh(hash) {
  try {
    return existsSync(join(outDir, 'entry.mjs')) && JSON.parse(readFileSync(infoFile, 'utf8')).sourceHash === hash;
  } catch {
    return false;
  }
}

async function withLock(fn) {
  mkdirSync(distDir, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // The holder let go meanwhile.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

async function build(hash) {
  const [{ build: viteBuild }, { getViteConfig }] = await Promise.all([import('vite'), import('astro/config')]);
  const tmpDir = join(distDir, `.renderer-${process.pid}-${Date.now()}`);
  const started = Date.now();
  const config = await getViteConfig(
    {
      root: siteDir,
      logLevel: 'warn',
      resolve: {
        alias: [
          { find: /^shiki$/, replacement: join(siteDir, 'scripts/stubs/shiki.mjs') },
          { find: /^@astrojs\/markdown-remark$/, replacement: join(siteDir, 'scripts/stubs/markdown-remark.mjs') },
          { find: /^esbuild$/, replacement: join(siteDir, 'scripts/stubs/esbuild.mjs') },
        ],
      },
      // Bundle every dependency, each resolved from where its importer sits: Astro's own zod 3
      // (under astro/node_modules) rather than the project's zod 4. The module then needs nothing
      // from node_modules at run time.
      ssr: { noExternal: true },
      build: {
        ssr: join(siteDir, 'src/renderer/entry.ts'),
        outDir: tmpDir,
        emptyOutDir: true,
        cssMinify: 'esbuild',
        minify: false,
        sourcemap: false,
        rollupOptions: { output: { entryFileNames: 'entry.mjs', codeSplitting: false } },
      },
    },
    { root: siteDir, srcDir: join(siteDir, 'src'), logLevel: 'warn', configFile: false, telemetry: false },
  )({ command: 'build', mode: 'production' });
  await viteBuild({ ...config, configFile: false });
  writeFileSync(join(tmpDir, 'build-info.json'), `${JSON.stringify({ sourceHash: hash, builtAt: new Date().toISOString() }, null, 2)}\n`);
  const oldDir = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, oldDir);
  renameSync(tmpDir, outDir);
  rmSync(oldDir, { recursive: true, force: true });
  return Date.now() - started;
}

const ifStale = process.argv.includes('--if-stale');
await withLock(async () => {
  const hash = sourceHash();
  if (ifStale && isFresh(hash)) return;
  const ms = await build(hash);
  console.error(`herald: built the site renderer into ${relative(repoDir, outDir)}/ in ${ms} ms`);
});
