import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { announceStack, chooseDataDir, runningStacks, runtimeDir } from '#local/running-stacks';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('the running-stacks registry', () => {
  it('lists an announced stack until it withdraws, and ignores one whose process is gone', () => {
    const dir = join(tempDir('herald-runtime-'), 'herald');
    const withdraw = announceStack({ data_dir: '/data/a', port: 4101, url: 'http://localhost:4101', pid: process.pid }, dir);
    announceStack({ data_dir: '/data/b', port: 4102, url: 'http://localhost:4102', pid: deadPid() }, dir);
    expect(runningStacks(dir)).toEqual([{ data_dir: '/data/a', port: 4101, url: 'http://localhost:4101', pid: process.pid }]);
    withdraw();
    expect(runningStacks(dir)).toEqual([]);
    expect(existsSync(join(dir, 'stack-4101.json'))).toBe(false);
  });

  it('leaves the record of a newer stack on the same port alone', () => {
    const dir = tempDir('herald-runtime-');
    const withdrawOld = announceStack({ data_dir: '/data/old', port: 4103, url: 'http://localhost:4103', pid: deadPid() }, dir);
    announceStack({ data_dir: '/data/new', port: 4103, url: 'http://localhost:4103', pid: process.pid }, dir);
    withdrawOld();
    expect(runningStacks(dir).map((s) => s.data_dir)).toEqual(['/data/new']);
  });

  it('skips unreadable records and a folder others can write', () => {
    const dir = tempDir('herald-runtime-');
    writeFileSync(join(dir, 'stack-4104.json'), '{"data_dir": ');
    writeFileSync(join(dir, 'stack-4105.json'), JSON.stringify({ data_dir: '/x', port: 'no', url: 'u', pid: process.pid }));
    expect(runningStacks(dir)).toEqual([]);
    announceStack({ data_dir: '/data/c', port: 4106, url: 'http://localhost:4106', pid: process.pid }, dir);
    chmodSync(dir, 0o777);
    expect(runningStacks(dir)).toEqual([]);
    expect(() => announceStack({ data_dir: '/data/c', port: 4107, url: 'u', pid: process.pid }, dir)).toThrow(/HERALD_RUNTIME_DIR/);
    chmodSync(dir, 0o700);
    expect(runningStacks(dir).map((s) => s.port)).toEqual([4106]);
  });

  it('lives in HERALD_RUNTIME_DIR, else XDG_RUNTIME_DIR, else a per-user temp folder', () => {
    expect(runtimeDir({ HERALD_RUNTIME_DIR: '/r/h', XDG_RUNTIME_DIR: '/run/user/1' })).toBe('/r/h');
    expect(runtimeDir({ XDG_RUNTIME_DIR: '/run/user/1' })).toBe('/run/user/1/herald');
    expect(runtimeDir({})).toBe(join(tmpdir(), `herald-${process.getuid!()}`));
  });
});

describe('the data folder a command-line tool uses', () => {
  const cwd = '/work/project';

  it("is the running stack's when HERALD_DATA_DIR is not set, and says so", () => {
    const runtime = tempDir('herald-runtime-');
    announceStack({ data_dir: '/elsewhere/data', port: 4110, url: 'http://localhost:4110', pid: process.pid }, runtime);
    const choice = chooseDataDir({ HERALD_RUNTIME_DIR: runtime }, cwd);
    expect(choice.dataDir).toBe('/elsewhere/data');
    expect(choice.reason).toBe(`using the data folder /elsewhere/data of the stack running at http://localhost:4110 (pid ${process.pid})`);
  });

  it('is HERALD_DATA_DIR when set, even when a stack runs elsewhere', () => {
    const runtime = tempDir('herald-runtime-');
    announceStack({ data_dir: '/elsewhere/data', port: 4111, url: 'http://localhost:4111', pid: process.pid }, runtime);
    expect(chooseDataDir({ HERALD_RUNTIME_DIR: runtime, HERALD_DATA_DIR: 'mine' }, cwd)).toEqual({
      dataDir: '/work/project/mine',
      reason: 'using the data folder /work/project/mine (HERALD_DATA_DIR)',
    });
    expect(chooseDataDir({ HERALD_RUNTIME_DIR: runtime, HERALD_DATA_DIR: '/elsewhere/data' }, cwd).reason).toBe(
      'using the data folder /elsewhere/data (HERALD_DATA_DIR; the stack at http://localhost:4111 runs on it)',
    );
  });

  it('is .herald under the working folder when no stack runs', () => {
    const runtime = tempDir('herald-runtime-');
    announceStack({ data_dir: '/crashed', port: 4112, url: 'http://localhost:4112', pid: deadPid() }, runtime);
    expect(chooseDataDir({ HERALD_RUNTIME_DIR: runtime }, cwd)).toEqual({
      dataDir: '/work/project/.herald',
      reason: 'no running stack found; using the data folder /work/project/.herald',
    });
    expect(chooseDataDir({ HERALD_RUNTIME_DIR: join(runtime, 'never-created') }, cwd).dataDir).toBe('/work/project/.herald');
  });

  it('must be chosen when several stacks run', () => {
    const runtime = tempDir('herald-runtime-');
    announceStack({ data_dir: '/a', port: 4113, url: 'http://localhost:4113', pid: process.pid }, runtime);
    announceStack({ data_dir: '/b', port: 4114, url: 'http://localhost:4114', pid: process.pid }, runtime);
    expect(() => chooseDataDir({ HERALD_RUNTIME_DIR: runtime }, cwd)).toThrow(
      'Several Herald stacks are running; set HERALD_DATA_DIR to the one to use:\n' +
        '  http://localhost:4113  HERALD_DATA_DIR=/a\n  http://localhost:4114  HERALD_DATA_DIR=/b',
    );
  });
});
