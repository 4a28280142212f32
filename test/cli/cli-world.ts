// The real `herald` bin as a child process against a test API served on loopback (its own
// DynamoDB Local table), with a temporary config folder and no local stack to find.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createTestApi, type TestApi } from '../support/api';

export const BIN = resolve(import.meta.dirname, '../../cli/bin/herald.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliWorld {
  api: TestApi;
  url: string;
  /** A folder for XDG_CONFIG_HOME, HOME and HERALD_RUNTIME_DIR (no stacks announced there). */
  home: string;
  /** The environment a run gets: HERALD_URL, HERALD_API_KEY, TZ=UTC, the temporary folders. */
  env(extra?: Record<string, string | undefined>): Record<string, string>;
  herald(args: string[], options?: { env?: Record<string, string | undefined>; input?: string }): Promise<Run>;
  close(): Promise<void>;
}

export async function createCliWorld(): Promise<CliWorld> {
  const api = await createTestApi();
  const server = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const home = mkdtempSync(join(tmpdir(), 'herald-cli-'));
  const env = (extra: Record<string, string | undefined> = {}) => {
    const merged: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      HERALD_RUNTIME_DIR: join(home, 'runtime'),
      TZ: 'UTC',
      HERALD_URL: url,
      HERALD_API_KEY: api.key,
      ...extra,
    };
    return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  };
  return {
    api,
    url,
    home,
    env,
    herald: (args, options = {}) =>
      new Promise<Run>((done, fail) => {
        const child = spawn(process.execPath, [BIN, ...args], { env: env(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', fail);
        child.on('close', (code) => done({ code, stdout, stderr }));
        child.stdin.end(options.input ?? '');
      }),
    async close() {
      await new Promise((done) => server.close(done));
      await api.drop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
