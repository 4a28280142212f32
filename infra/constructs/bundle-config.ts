// The configuration the Lambda bundles hold: herald.config.json validated by the source's own
// parseConfig when a bundle is built, written where the bundles' `#config/config` substitute
// (bundle-substitutes/config.mjs) imports it from. Written before every build (the construct's
// beforeBundling hook, and esbuildOptions for the benchmarks and tests), so it is never older than
// the file; an invalid config throws here, failing the build.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseConfig } from '../../functions/config/config';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { REPO_ROOT } from '../config';

export const BUNDLED_CONFIG_FILE = join(REPO_ROOT, 'dist/bundle-config/herald.config.json');

/** parseConfig's answer for `raw` without the PAGE_URL override (the bundle applies it at run time). */
export function validatedConfigText(raw: unknown = rawConfig): string {
  return `${JSON.stringify(parseConfig(raw), null, 2)}\n`;
}

/** Writes the validated config unless the file already holds it (atomically: parallel builds). */
export function writeBundledConfig(file: string = BUNDLED_CONFIG_FILE): string {
  const text = validatedConfigText();
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== text) {
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
  return file;
}
