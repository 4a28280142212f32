// DynamoDB Local (the Java emulator shipped inside amplify-dynamodb-simulator) as a child process.
// The package's own launcher is broken, so the jar is run directly. The JVM runs under a small
// `sh` supervisor that kills it when our stdin pipe reaches EOF, which the kernel guarantees
// when this Node process dies for any reason, SIGKILL included: no orphan Java.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './free-port';
import { localAwsCredentials, localAwsRegion } from './local-aws';

export interface DynamoDbLocalOptions {
  /** 0 or undefined: pick a free port. */
  port?: number;
  /** undefined: keep everything in memory; otherwise keep the database file in this folder. */
  dataDir?: string;
  /** How long to wait for the emulator to answer a request. Default 30 s. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const JAVA_INSTALL_HINT =
  'DynamoDB Local needs Java 17 or later on PATH. Install it with ' +
  '`apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu), or put any Java 17+ `java` on PATH.';

// $@ is the java command line. fd 0 is the pipe from Node; only the watcher keeps a copy of it.
const SUPERVISOR = `
exec 3<&0
java "$@" </dev/null &
jpid=$!
echo "herald-java-pid:$jpid"
{ cat <&3 >/dev/null; kill -TERM "$jpid" 2>/dev/null; } &
wpid=$!
exec 3<&- 0</dev/null
wait "$jpid"
status=$?
kill "$wpid" 2>/dev/null
exit "$status"
`;

const OUTPUT_LIMIT = 16_384;

export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  const emulatorDir = emulatorFolder();
  const port = opts.port ? opts.port : await freePort();
  const storage = opts.dataDir
    ? ['-sharedDb', '-dbPath', makeDir(opts.dataDir)]
    : ['-inMemory', '-sharedDb'];
  const javaArgs = [
    // C1 only and the serial collector: measured here, start-up 3.8 s -> 1.9 s, and short
    // workloads (tests, a local stack) run no slower.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Djava.library.path=./DynamoDBLocal_lib',
    '-jar',
    'DynamoDBLocal.jar',
    ...storage,
    '-port',
    String(port),
    '-disableTelemetry',
  ];

  const child = spawn('sh', ['-c', SUPERVISOR, 'dynamodb-local', ...javaArgs], {
    cwd: emulatorDir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let javaPid: number | undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    const match = /herald-java-pid:(\d+)/.exec(output);
    if (match && javaPid === undefined) javaPid = Number(match[1]);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.stdin.on('error', () => {}); // EPIPE once the supervisor is gone
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => {
      child.stdin.destroy();
      resolveExit(code);
    });
  });
  let running = true;
  void exited.then(() => (running = false));

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, opts.startTimeoutMs ?? 30_000, () => running, () => output);
  } catch (error) {
    await stopChild(child, exited, () => javaPid);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    stop: () => (stopping ??= stopChild(child, exited, () => javaPid)),
  };
}

function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`Java was not found or failed to run (${reason}). ${JAVA_INSTALL_HINT}`);
  }
  const banner = `${result.stderr}${result.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= 17)) {
    throw new Error(`Found ${banner.split('\n')[0]?.trim() || 'an unknown Java'}. ${JAVA_INSTALL_HINT}`);
  }
}

function emulatorFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

function makeDir(dir: string): string {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  return absolute;
}

async function waitUntilReady(
  endpoint: string,
  timeoutMs: number,
  isRunning: () => boolean,
  output: () => string,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: localAwsRegion,
    credentials: localAwsCredentials,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      if (!isRunning()) {
        throw new Error(`DynamoDB Local exited before it was ready. Its output:\n${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), {
          abortSignal: AbortSignal.timeout(2_000),
        });
        return;
      } catch (error) {
        lastError = error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(
      `DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms ` +
        `(last error: ${String(lastError)}). Its output:\n${output()}`,
    );
  } finally {
    client.destroy();
  }
}

async function stopChild(
  child: ChildProcessByStdio<Writable, Readable, Readable>,
  exited: Promise<number | null>,
  javaPid: () => number | undefined,
): Promise<void> {
  child.stdin.end(); // the supervisor's watcher sees EOF and sends SIGTERM to java
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), 10_000).unref()),
  ]);
  if (!timedOut) return;
  const pid = javaPid();
  try {
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // already gone
  }
  await exited;
}
