// The whole pipeline on one machine: DynamoDB Local, s3rver and the SES stand-in, the API, the
// site and the captured mail on one port, and the stream poller feeding the consumers exactly
// as Lambda's event source mappings would.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { registerApiKey } from '#app/api-keys/create-api-key';
import { createAppDeps, type AppDeps } from '#app/deps';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { createApp } from '#api/app';
import { loadConfig } from '#config/config';
import { createMailerHandler } from '#mailer/stream-handler';
import { createPublisherHandler } from '#publisher/stream-handler';
import { startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './ensure-table';
import { localApiKey } from './local-api-key';
import { localAwsCredentials, localAwsRegion } from './local-aws';
import { openMailCapture } from './mail-capture';
import { mailRoutes } from './mail-routes';
import { localS3ClientConfig, startS3Local } from './s3-local';
import { startSesLocal } from './ses-local';
import { siteRoutes } from './site-routes';
import { createStreamPoller, type StreamConsumer, type StreamPoller } from './stream-poller';

export const LOCAL_TABLE = 'herald';
export const LOCAL_BUCKET = 'herald-site';

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  apiKey?: string;
  /** Keep DynamoDB in memory (tests); by default it lives under dataDir and survives restarts. */
  inMemory?: boolean;
  /** Replace the stream consumers (tests). */
  consumers?: (deps: LocalDeps) => StreamConsumer[];
}

export interface LocalDeps {
  app: AppDeps;
  s3: S3Client;
  sesEndpoint: string;
  bucket: string;
  tableName: string;
}

export interface LocalStack {
  url: string;
  apiKey: string;
  apiKeyGenerated: boolean;
  deps: LocalDeps;
  poller: StreamPoller;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { dataDir } = options;
  await mkdir(dataDir, { recursive: true });
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((e) => console.error('stopping:', e));
  };
  try {
    const dynamo = await startDynamoDbLocal({ dataDir: options.inMemory ? undefined : join(dataDir, 'dynamodb') });
    stops.push(() => dynamo.stop());
    const capture = await openMailCapture({ dataDir });
    stops.push(() => capture.close());
    const ses = await startSesLocal({ onMessage: (message) => capture.record(message) });
    stops.push(() => ses.stop());
    const s3Local = await startS3Local({ dataDir: join(dataDir, 's3'), buckets: [LOCAL_BUCKET] });
    stops.push(() => s3Local.stop());

    const aws = { endpoint: dynamo.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } };
    const dynamoClient = new DynamoDBClient(aws);
    await ensureTable(dynamoClient, LOCAL_TABLE);
    dynamoClient.destroy();

    // The port must be known before the page URL is; listen first, route after.
    const root = new Hono();
    let handle: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: (req) => handle(req), port: options.port, hostname: '127.0.0.1' }, () => resolve(s));
    });
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;

    const config = loadConfig({ PAGE_URL: url });
    const app = createAppDeps(createDynamoStore({ doc: createDocumentClient(aws), tableName: LOCAL_TABLE }), config);
    const { key, generated } = await localApiKey(dataDir, options.apiKey);
    await registerApiKey(app, key, 'local');
    const s3 = new S3Client(localS3ClientConfig(s3Local.endpoint));
    const deps: LocalDeps = { app, s3, sesEndpoint: ses.endpoint, bucket: LOCAL_BUCKET, tableName: LOCAL_TABLE };

    root.route('/', mailRoutes(capture));
    root.route('/', createApp(app));
    root.route('/', siteRoutes({ s3, bucket: LOCAL_BUCKET }));
    handle = (req) => root.fetch(req);

    const poller = createStreamPoller({
      dynamodb: aws,
      tableName: LOCAL_TABLE,
      checkpointDir: join(dataDir, 'stream-checkpoints'),
      consumers: options.consumers?.(deps) ?? [
        { name: 'publisher', handler: createPublisherHandler() },
        { name: 'mailer', handler: createMailerHandler() },
      ],
    });
    await poller.start();
    stops.push(() => poller.stop());

    await writeFile(
      join(dataDir, 'stack.json'),
      JSON.stringify({ url, pid: process.pid, dynamodb_endpoint: dynamo.endpoint, table: LOCAL_TABLE }, null, 2),
    );
    return { url, apiKey: key, apiKeyGenerated: generated, deps, poller, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
