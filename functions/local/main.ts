// `npm start`: the local stack, until Ctrl-C, SIGTERM, SIGHUP, or the exit of the process that
// launched it. DynamoDB Local's JVM dies with this process whatever the way (supervised-java.ts);
// everything else runs in this process.
import { resolve } from 'node:path';
import { assertPortFree } from './free-port';
import { watchLaunchers } from './launcher-watch';
import { startLocalStack } from './local-stack';
import { quietSdkNodeWarning } from './quiet-sdk-warning';
import { announceStack, runtimeDir, type RunningStack } from './running-stacks';

/** A stop that takes longer than this (a stuck connection) gives way to a plain exit. */
const STOP_DEADLINE_MS = 15_000;
/** A repeated signal this soon is the same Ctrl-C (npm passes on the one the terminal already
 *  sent us); a later one means "now". */
const SAME_SIGNAL_MS = 1_000;

quietSdkNodeWarning();
// A closed terminal or pipe must not turn the stop into a crash.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const dataDir = resolve(process.env.HERALD_DATA_DIR ?? '.herald');
const port = Number(process.env.PORT ?? 3000);

let stopRequested: string | undefined;
let stopRequestedAt = 0;
// Until the stack is up there is nothing to stop gracefully: the JVM goes with this process.
let stopNow = (why: string): void => {
  console.log(`\n${why}: Herald stopped before it was ready.`);
  process.exit(0);
};
const requestStop = (why: string) => {
  if (stopRequested) {
    if (why.startsWith('SIG') && performance.now() - stopRequestedAt > SAME_SIGNAL_MS) {
      console.error(`${why} again: exiting now.`);
      process.exit(1);
    }
    return;
  }
  stopRequested = why;
  stopRequestedAt = performance.now();
  stopNow(why);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => requestStop(signal));
const launchers = watchLaunchers((launcher) => requestStop(`the process that launched Herald (pid ${launcher.pid}) exited`));

try {
  // Before the emulators start, and said plainly.
  if (port) await assertPortFree(port).catch((error: Error) => Promise.reject(new Error(`${error.message}; set PORT to a free one`)));
  const stack = await startLocalStack({ port, dataDir, apiKey: process.env.HERALD_API_KEY });
  const stackPort = Number(new URL(stack.url).port);
  const withdraw = announce({ data_dir: dataDir, port: stackPort, url: stack.url, pid: process.pid });
  process.on('exit', withdraw);
  console.log(`
Herald is running.

  Data folder   ${dataDir}   (npm run keys and npm run build:site use it while this runs)
  Status page   ${stack.url}/
  Console       ${stack.url}/console   (sign in with an address in people.admins or added by npm run people)
  API           ${stack.url}/v1   (OpenAPI: ${stack.url}/v1/openapi.json)
  Mail          ${stack.url}/_local/mail.html
  API key       ${stack.apiKey}${stack.apiKeyGenerated ? '   (generated; kept in the data folder)' : ''}

Try:  curl -H "Authorization: Bearer ${stack.apiKey}" ${stack.url}/v1/incidents
Ctrl-C stops everything.`);

  stopNow = (why) => {
    console.log(`\n${why}: stopping Herald…`);
    launchers.stop();
    setTimeout(() => {
      console.error(`Herald did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting.`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    stack.stop().then(
      () => {
        withdraw();
        console.log('Herald stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Herald did not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
} catch (error) {
  console.error(`Herald could not start: ${(error as Error).message}`);
  process.exit(1);
}

/** Tells `npm run keys` and `npm run build:site` where this stack is; a stack they cannot find
 *  still runs. */
function announce(stack: RunningStack): () => void {
  try {
    return announceStack(stack, runtimeDir());
  } catch (error) {
    console.error(`Note: ${(error as Error).message}; run other npm scripts with HERALD_DATA_DIR=${stack.data_dir}.`);
    return () => {};
  }
}
