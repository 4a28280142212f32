// Runs a JVM as a child that cannot outlive this Node process. The JVM runs under a small `sh`
// supervisor that kills it when our stdin pipe reaches EOF, which the kernel guarantees when
// this process dies for any reason, SIGKILL included; stop() closes the pipe and waits.
import { spawn, spawnSync } from 'node:child_process';

export interface SupervisedJava {
  isRunning(): boolean;
  /** The last 16 KiB of its stdout and stderr. */
  output(): string;
  /** Resolves with the exit code once the JVM (and its supervisor) are gone. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'DynamoDB Local needs Java 17 or later on PATH. Install it with ' +
  '`apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu), or put any Java 17+ `java` on PATH.';

// "$@" is the java command line. fd 0 is the pipe from Node; only the watcher keeps a copy of it.
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
const KILL_AFTER_MS = 10_000;

/** Throws, saying how to install it, unless `java -version` reports Java 17 or later. */
export function assertJava17(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`Java was not found or failed to run (${reason}). ${INSTALL_HINT}`);
  }
  const banner = `${result.stderr}${result.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= 17)) {
    throw new Error(`Found ${banner.split('\n')[0]?.trim() || 'an unknown Java'}. ${INSTALL_HINT}`);
  }
}

export function spawnSupervisedJava(javaArgs: string[], cwd: string): SupervisedJava {
  const child = spawn('sh', ['-c', SUPERVISOR, 'supervised-java', ...javaArgs], {
    cwd,
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
  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running = false;
      child.stdin.destroy();
      resolve(code);
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    child.stdin.end(); // the watcher sees EOF and sends SIGTERM to java
    const timer = setTimeout(() => {
      try {
        if (javaPid !== undefined) process.kill(javaPid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, KILL_AFTER_MS);
    await exited;
    clearTimeout(timer);
  };

  return {
    isRunning: () => running,
    output: () => output,
    exited,
    stop: () => (stopping ??= stop()),
  };
}
