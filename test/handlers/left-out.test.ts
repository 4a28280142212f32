// The Lambda bundles leave zod's opt-in JIT (z.compile and its helpers) and z.fromJSONSchema out
// (infra/constructs/bundle-substitutes/zod-classic.mjs): in a bundle they are undefined, so no
// source the handlers bundle may use them. test/infra/bundle-substitutes.test.ts checks that
// nothing else of zod is missing.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/config';

const LEFT_OUT = ['compile', 'compileFn', 'withParser', 'INVALID', 'ZodCompileAsyncError', 'ZodCompileUnsupportedError', 'fromJSONSchema'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('what the bundles leave out of zod', () => {
  it('no source under functions/ uses', () => {
    const member = new RegExp(`\\b(?:z|zod|core)\\s*\\.\\s*(?:${LEFT_OUT.join('|')})\\b`);
    const named = new RegExp(`import\\s*(?:type\\s*)?\\{[^}]*\\b(?:${LEFT_OUT.join('|')})\\b[^}]*\\}\\s*from\\s*['"]zod(?:/[^'"]*)?['"]`);
    const users = sources(join(REPO_ROOT, 'functions')).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return member.test(text) || named.test(text);
    });
    expect(users.map((file) => relative(REPO_ROOT, file))).toEqual([]);
  });

  it('would be caught (the patterns match a use)', () => {
    const member = new RegExp(`\\b(?:z|zod|core)\\s*\\.\\s*(?:${LEFT_OUT.join('|')})\\b`);
    expect(member.test('const fast = z.compile(schema);')).toBe(true);
    expect(member.test('z.object({ compile: z.string() })')).toBe(false);
  });
});
