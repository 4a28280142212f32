// Runs a built Lambda bundle (the index.mjs `cdk deploy` uploads) the way the Lambda runtime does:
// a fresh Node process imports it from its own folder, calls `handler(event, context)` once and
// prints the result. Its AWS calls go to the local stand-ins whose endpoints are given; any other
// service points at a port where nothing listens, so a call without a stand-in fails fast instead
// of reaching AWS. With `now`, `new Date()` without arguments answers that instant in the bundle
// (Date.now, which request signing reads, is left alone).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { localS3Credentials } from '../../functions/local/s3-local';

const run = promisify(execFile);
const RESULT = '@@RESULT@@';
/** Nothing listens here. */
export const NOWHERE = 'http://127.0.0.1:9';

const INVOKE_SCRIPT = `
import { pathToFileURL } from 'node:url';
const [bundle, event] = process.argv.slice(2);
const now = process.env.HERALD_TEST_NOW;
if (now) {
  const RealDate = Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now);
      else super(...args);
    }
  };
}
const { handler } = await import(pathToFileURL(bundle).href);
if (typeof handler !== 'function') throw new Error('the bundle exports no handler function');
const started = performance.now();
const context = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: '256',
  logGroupName: '/aws/lambda/' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  logStreamName: '2025/01/01/[$LATEST]0123456789abcdef',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30000 - (performance.now() - started),
  done() {}, fail() {}, succeed() {},
};
const result = await handler(JSON.parse(event), context);
process.stdout.write('\\n${RESULT}' + JSON.stringify(result ?? null));
`;

let scriptFile: string | undefined;
function invokeScript(): string {
  if (!scriptFile) {
    scriptFile = join(mkdtempSync(join(tmpdir(), 'herald-invoke-')), 'invoke.mjs');
    writeFileSync(scriptFile, INVOKE_SCRIPT);
  }
  return scriptFile;
}

export interface BundledInvocation {
  /** The built bundle's index.mjs; its folder is the working directory, like /var/task. */
  bundle: string;
  event: unknown;
  /** The stand-ins the bundle's SDK clients reach. */
  endpoints: { dynamodb: string; s3: string };
  /** The function's own environment (TABLE_NAME, SITE_BUCKET, …). */
  env?: Record<string, string>;
  /** The function's name, as the runtime sets it (AWS_LAMBDA_FUNCTION_NAME). */
  name?: string;
  /** An ISO instant `new Date()` answers in the bundle. */
  now?: string;
  timeoutMs?: number;
}

/** The handler's result, parsed from what the process printed. */
export async function invokeBundled({ bundle, event, endpoints, env = {}, name = 'herald-function', now, timeoutMs = 60_000 }: BundledInvocation): Promise<unknown> {
  const { stdout } = await run(process.execPath, [invokeScript(), bundle, JSON.stringify(event)], {
    cwd: dirname(bundle),
    timeout: timeoutMs,
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      NODE_OPTIONS: '--enable-source-maps',
      NODE_NO_WARNINGS: '1',
      ...(now ? { HERALD_TEST_NOW: now } : {}),
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: dirname(bundle),
      // s3rver checks signatures against its own key pair; DynamoDB Local accepts any.
      AWS_ACCESS_KEY_ID: localS3Credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localS3Credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: NOWHERE,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      ...env,
    },
  });
  const marker = stdout.lastIndexOf(RESULT);
  if (marker < 0) throw new Error(`${bundle} printed no result; stdout:\n${stdout}`);
  return JSON.parse(stdout.slice(marker + RESULT.length));
}
