// Where the running local stacks are: each `npm start` announces itself in a per-user folder
// (data folder, port, URL, pid) and withdraws on the way out, so that `npm run keys` and
// `npm run build:site` work on the running stack's data folder wherever it was started. An entry
// whose pid is gone (a crash, SIGKILL) is ignored.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningStack {
  data_dir: string;
  port: number;
  url: string;
  pid: number;
}

type Env = Record<string, string | undefined>;

/** HERALD_RUNTIME_DIR, else $XDG_RUNTIME_DIR/herald, else <tmpdir>/herald-<uid>. */
export function runtimeDir(env: Env = process.env): string {
  if (env.HERALD_RUNTIME_DIR) return resolve(env.HERALD_RUNTIME_DIR);
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'herald');
  return join(tmpdir(), `herald-${process.getuid?.() ?? 'user'}`);
}

const entryFile = (dir: string, port: number) => join(dir, `stack-${port}.json`);

/** Records the stack; the returned function removes the record (synchronously, so that it can
 *  run in an 'exit' handler) unless another stack has since taken the port. */
export function announceStack(stack: RunningStack, dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isOurs(dir)) throw new Error(`${dir} is not a folder only this user can write; set HERALD_RUNTIME_DIR`);
  const file = entryFile(dir, stack.port);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  return () => {
    if (readEntry(file)?.pid === stack.pid) rmSync(file, { force: true });
  };
}

/** The stacks whose process is still alive, by port. */
export function runningStacks(dir: string): RunningStack[] {
  if (!isOurs(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^stack-\d+\.json$/.test(name))
    .map((name) => readEntry(join(dir, name)))
    .filter((entry): entry is RunningStack => entry !== undefined && isAlive(entry.pid))
    .sort((a, b) => a.port - b.port);
}

export interface DataDirChoice {
  dataDir: string;
  /** One line saying which folder and why, for the user. */
  reason: string;
}

/** The data folder a command-line tool works on: HERALD_DATA_DIR when set, else the one running
 *  stack's, else `.herald` under `cwd`. Throws when several stacks run and none was chosen. */
export function chooseDataDir(env: Env, cwd: string): DataDirChoice {
  const stacks = runningStacks(runtimeDir(env));
  if (env.HERALD_DATA_DIR) {
    const dataDir = resolve(cwd, env.HERALD_DATA_DIR);
    const stack = stacks.find((s) => s.data_dir === dataDir);
    return { dataDir, reason: `using the data folder ${dataDir} (HERALD_DATA_DIR${stack ? `; the stack at ${stack.url} runs on it` : ''})` };
  }
  if (stacks.length === 1) {
    const [stack] = stacks as [RunningStack];
    return { dataDir: stack.data_dir, reason: `using the data folder ${stack.data_dir} of the stack running at ${stack.url} (pid ${stack.pid})` };
  }
  if (stacks.length > 1) {
    const list = stacks.map((s) => `  ${s.url}  HERALD_DATA_DIR=${s.data_dir}`).join('\n');
    throw new Error(`Several Herald stacks are running; set HERALD_DATA_DIR to the one to use:\n${list}`);
  }
  const dataDir = resolve(cwd, '.herald');
  return { dataDir, reason: `no running stack found; using the data folder ${dataDir}` };
}

function readEntry(file: string): RunningStack | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunningStack>;
    const valid =
      typeof entry.data_dir === 'string' && typeof entry.url === 'string' &&
      Number.isInteger(entry.port) && Number.isInteger(entry.pid) && entry.pid! > 0;
    return valid ? (entry as RunningStack) : undefined;
  } catch {
    return undefined; // gone, or half-written by hand
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A real folder (not a link) owned by this user that nobody else can write: in a shared temp
 *  folder, another user could otherwise point our tools at a data folder of their choosing. */
function isOurs(dir: string): boolean {
  try {
    const stat = lstatSync(dir);
    const uid = process.getuid?.();
    return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
