// `npm start` as a person runs it, stopped in each way a person or a tool stops it: afterwards no
// process of it is left (DynamoDB Local's JVM included) and its port is free. Each stack runs in
// its own process group (as under a terminal), which is how the test finds every process of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { assertPortFree, freePort } from '#local/free-port';
import { runningStacks, type RunningStack } from '#local/running-stacks';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const GONE_TIMEOUT_MS = 30_000;

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const launched: Launched[] = [];
afterEach(() => {
  // Whatever a failed test left behind: only the process groups this file started.
  for (const stack of launched.splice(0)) {
    try {
      process.kill(-stack.pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Launched {
  npm: ChildProcess;
  pgid: number;
  port: number;
  dataDir: string;
  runtime: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its record in the running-stacks folder. */
  record(): RunningStack;
}

/** `PORT=… HERALD_DATA_DIR=… npm start` in a new process group; resolves once it is ready. */
async function launch(): Promise<Launched> {
  const port = await freePort();
  const dataDir = tempDir('herald-stop-data-');
  const runtime = tempDir('herald-stop-runtime-');
  const npm = spawn('npm', ['start'], {
    cwd: repo,
    env: { ...process.env, PORT: String(port), HERALD_DATA_DIR: dataDir, HERALD_RUNTIME_DIR: runtime, HERALD_API_KEY: '' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stack: Launched = {
    npm,
    pgid: npm.pid!,
    port,
    dataDir,
    runtime,
    output: () => output,
    exited,
    record: () => {
      const [record] = runningStacks(runtime);
      if (!record) throw new Error(`no running stack recorded in ${runtime}`);
      return record;
    },
  };
  launched.push(stack);
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(() => output.includes('Ctrl-C stops everything.') || gone, START_TIMEOUT_MS, () => output);
  if (gone) throw new Error(`npm start exited before it was ready:\n${output}`);
  return stack;
}

/** The live processes of a process group (zombies, already dead, left out). */
function groupProcesses(pgid: number): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') {
        found.push(`${name} ${readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 120)}`);
      }
    } catch {
      // exited while we looked
    }
  }
  return found;
}

async function waitFor(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Nothing of the stack is left, its port is free, and it no longer counts as running. */
async function expectAllGone(stack: Launched): Promise<void> {
  await waitFor(() => groupProcesses(stack.pgid).length === 0, GONE_TIMEOUT_MS, () =>
    `still running:\n${groupProcesses(stack.pgid).join('\n')}\noutput:\n${stack.output()}`,
  );
  await assertPortFree(stack.port);
  expect(runningStacks(stack.runtime)).toEqual([]);
}

/** Runs a CLI script the way `npm run` would, but from `cwd`, without HERALD_DATA_DIR. */
function runCli(script: string, args: string[], cwd: string, runtime: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, HERALD_RUNTIME_DIR: runtime };
  delete env.HERALD_DATA_DIR;
  delete env.TABLE_NAME;
  const child = spawn(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), join(repo, 'functions/local', script), ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm start', () => {
  it("records where it runs, so that `npm run keys` from another folder uses the running stack's data, and stops on SIGTERM to npm", async () => {
    const stack = await launch();
    const record = stack.record();
    expect(record).toMatchObject({ data_dir: stack.dataDir, port: stack.port, url: `http://localhost:${stack.port}` });

    const elsewhere = tempDir('herald-stop-cwd-');
    const created = await runCli('keys-cli.ts', ['create', '--name', 'from-another-folder'], elsewhere, stack.runtime);
    expect(created.stderr).toContain(`using the data folder ${stack.dataDir} of the stack running at ${record.url} (pid ${record.pid})`);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1)!;
    const listed = await fetch(`${record.url}/v1/incidents`, { headers: { authorization: `Bearer ${key}` } });
    expect(listed.status).toBe(200);
    expect(existsSync(join(elsewhere, '.herald'))).toBe(false);

    process.kill(stack.npm.pid!, 'SIGTERM');
    expect(await stack.exited).toEqual({ code: 0, signal: null });
    expect(stack.output()).toContain('SIGTERM: stopping Herald…');
    expect(stack.output()).toContain('Herald stopped.');
    await expectAllGone(stack);
  }, 240_000);

  it('stops on Ctrl-C (SIGINT to its whole process group) with exit code 0; `npm run build:site` says which folder it used', async () => {
    const stack = await launch();
    const built = await runCli('build-site-cli.ts', [], tempDir('herald-stop-cwd-'), stack.runtime);
    expect(built.stderr).toContain(`using the data folder ${stack.dataDir} of the stack running at`);
    expect(built.stdout).toMatch(/^Rendered \d+ files into the site bucket/);
    expect(built.code).toBe(0);

    process.kill(-stack.pgid, 'SIGINT');
    expect(await stack.exited).toEqual({ code: 0, signal: null });
    expect(stack.output()).toContain('SIGINT: stopping Herald…');
    expect(stack.output()).not.toContain('again');
    await expectAllGone(stack);
  }, 240_000);

  it('stops when npm is killed with SIGKILL', async () => {
    const stack = await launch();
    process.kill(stack.npm.pid!, 'SIGKILL');
    await expectAllGone(stack);
    expect(stack.output()).toMatch(/the process that launched Herald \(pid \d+\) exited: stopping Herald…/);
  }, 240_000);

  it("takes DynamoDB Local's JVM along when its own process is killed with SIGKILL", async () => {
    const stack = await launch();
    const java = () => groupProcesses(stack.pgid).filter((p) => / java /.test(` ${p.split(' ')[1]} `));
    expect(java()).toHaveLength(1);
    process.kill(stack.record().pid, 'SIGKILL');
    await expectAllGone(stack);
  }, 240_000);
});
