// DynamoDB Local (the Java emulator shipped inside amplify-dynamodb-simulator) as a supervised
// child process: no orphan Java, even when this process is SIGKILLed. The package's own launcher
// is broken, so the jar is run directly.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { assertPortFree, freePort } from './free-port';
import { localAwsCredentials, localAwsRegion } from './local-aws';
import { assertJava17, spawnSupervisedJava, type SupervisedJava } from './supervised-java';

export interface DynamoDbLocalOptions {
  /** 0 or undefined: pick a free port. */
  port?: number;
  /** undefined: keep everything in memory; otherwise keep the database file in this folder. */
  dataDir?: string;
  /** How long to wait for the emulator to answer a request. Default 30 s. */
  startTimeoutMs?: number;
  /**
   * 'quick' (C1 only: starts in about half the time, for short-lived emulators such as the test
   * suite's) or 'full' (the JVM's full tiered JIT: slower to start, about twice the throughput on
   * long runs, measured here 1,076 vs 513 items/s). Default: HERALD_DYNAMODB_LOCAL_JIT, else 'quick'.
   */
  jit?: DynamoDbLocalJit;
}

export type DynamoDbLocalJit = 'quick' | 'full';

/** The JIT mode an emulator starts with when its options name none (HERALD_DYNAMODB_LOCAL_JIT). */
export function defaultJit(env: NodeJS.ProcessEnv = process.env): DynamoDbLocalJit {
  const value = env.HERALD_DYNAMODB_LOCAL_JIT;
  if (value === undefined || value === '' || value === 'quick') return 'quick';
  if (value === 'full') return 'full';
  throw new Error(`HERALD_DYNAMODB_LOCAL_JIT must be 'quick' or 'full', not '${value}'`);
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** The JVM died, or could not bind its port (it then lingers, so this is not left to a timeout). */
class ExitedEarlyError extends Error {}

const BIND_FAILURE = /Failed to bind|Address already in use/;

const PICKED_PORT_ATTEMPTS = 3;

export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJava17();
  const jit = opts.jit ?? defaultJit();
  const emulatorDir = join(
    dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')),
    'emulator',
  );
  // -sharedDb: one database whatever the credentials and region of the client.
  const storage = opts.dataDir ? ['-sharedDb', '-dbPath', makeDir(opts.dataDir)] : ['-inMemory', '-sharedDb'];
  if (opts.port) await assertPortFree(opts.port);
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ? opts.port : await freePort();
    const java = spawnSupervisedJava(
      [
        // C1 only and the serial collector: measured here, start-up 3.8 s -> 1.9 s, and short
        // workloads (tests) run no slower; long ones (bench:import) want the full JIT.
        ...(jit === 'quick' ? ['-XX:TieredStopAtLevel=1'] : []),
        '-XX:+UseSerialGC',
        '-Djava.library.path=./DynamoDBLocal_lib',
        '-jar',
        'DynamoDBLocal.jar',
        ...storage,
        '-port',
        String(port),
        '-disableTelemetry',
      ],
      emulatorDir,
    );
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(endpoint, java, opts.startTimeoutMs ?? 30_000);
      return { endpoint, port, stop: java.stop };
    } catch (error) {
      await java.stop();
      // A port we picked may have been taken before the JVM bound it: pick another.
      const retry = !opts.port && error instanceof ExitedEarlyError && attempt < PICKED_PORT_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

function makeDir(dir: string): string {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  return absolute;
}

/** Resolves once the emulator answers ListTables. */
async function waitUntilReady(endpoint: string, java: SupervisedJava, timeoutMs: number): Promise<void> {
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
      if (!java.isRunning() || BIND_FAILURE.test(java.output())) {
        throw new ExitedEarlyError(`DynamoDB Local failed before it was ready. Its output:\n${java.output()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        if (!BIND_FAILURE.test(java.output())) return; // else someone else answered on the port
      } catch (error) {
        lastError = error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(
      `DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms ` +
        `(last error: ${String(lastError)}). Its output:\n${java.output()}`,
    );
  } finally {
    client.destroy();
  }
}
