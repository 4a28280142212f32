// The table and bucket a command-line tool works on: AWS when TABLE_NAME (and SITE_BUCKET) are
// set; otherwise the local stack's, through the running stack or, when it is not running,
// emulators started for the command on the same data folder. Which data folder, and why, goes to
// `log` (stderr), so that stdout stays the command's answer.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient, type TableContext } from '#adapters/dynamodb/client';
import { startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './ensure-table';
import { localAwsCredentials, localAwsRegion } from './local-aws';
import { chooseDataDir } from './running-stacks';
import { localS3ClientConfig, startS3Local } from './s3-local';

export const LOCAL_TABLE = 'herald';
export const LOCAL_BUCKET = 'herald-site';

export interface CliResources {
  table: TableContext;
  /** Opens the site bucket (starting s3rver if the stack isn't running). */
  bucket(): Promise<{ s3: S3Client; name: string }>;
  close(): Promise<void>;
}

interface StackFile {
  dynamodb_endpoint?: string;
  s3_endpoint?: string;
}

const answers = (url: string | undefined) => (url ? fetch(url).then(() => true, () => false) : Promise.resolve(false));

export async function openCliResources(
  env: Record<string, string | undefined> = process.env,
  log: (line: string) => void = (line) => console.error(line),
): Promise<CliResources> {
  if (env.TABLE_NAME) {
    log(`herald: TABLE_NAME is set; using the DynamoDB table ${env.TABLE_NAME} on AWS`);
    return {
      table: { doc: createDocumentClient(), tableName: env.TABLE_NAME },
      async bucket() {
        if (!env.SITE_BUCKET) throw new Error('Set SITE_BUCKET to the site bucket name.');
        return { s3: new S3Client({}), name: env.SITE_BUCKET };
      },
      close: async () => {},
    };
  }
  const { dataDir, reason } = chooseDataDir(env, process.cwd());
  log(`herald: ${reason}`);
  const stackFile = join(dataDir, 'stack.json');
  const stack: StackFile = existsSync(stackFile) ? JSON.parse(readFileSync(stackFile, 'utf8')) : {};
  const stops: Array<() => Promise<void>> = [];
  let dynamoEndpoint = (await answers(stack.dynamodb_endpoint)) ? stack.dynamodb_endpoint! : undefined;
  if (!dynamoEndpoint) {
    const emulator = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    stops.push(() => emulator.stop());
    dynamoEndpoint = emulator.endpoint;
  }
  const aws = { endpoint: dynamoEndpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } };
  const client = new DynamoDBClient(aws);
  await ensureTable(client, LOCAL_TABLE);
  client.destroy();
  return {
    table: { doc: createDocumentClient(aws), tableName: LOCAL_TABLE },
    async bucket() {
      let endpoint = (await answers(stack.s3_endpoint)) ? stack.s3_endpoint! : undefined;
      if (!endpoint) {
        const s3 = await startS3Local({ dataDir: join(dataDir, 's3'), buckets: [LOCAL_BUCKET] });
        stops.push(() => s3.stop());
        endpoint = s3.endpoint;
      }
      return { s3: new S3Client(localS3ClientConfig(endpoint)), name: LOCAL_BUCKET };
    },
    async close() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
