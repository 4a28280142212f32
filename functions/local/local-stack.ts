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
import { ensureConfiguredAdmins } from '#app/people/ensure-configured-admins';
import { createSubscriptionTokens, type SubscriptionTokens } from '#app/subscriptions/tokens';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { ensureFileTokenSecret, fileTokenKey } from '#adapters/secrets/file-token-key';
import { sesMailerDeps } from '#adapters/ses/mailer-deps';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { createApp } from '#api/app';
import { loadConfig } from '#config/config';
import { createMailerHandler } from '#mailer/stream-handler';
import { SESClient } from '@aws-sdk/client-ses';
import { sesMailSender } from '#adapters/ses/ses-mail-sender';
import { runScheduledWork } from '#app/workflow/run-scheduled-work';
import { jsonWorkflowLog } from '#app/workflow/workflow-deps';
import { createPublisherHandler } from '#publisher/stream-handler';
import { rebuildSite, type PublisherDeps } from '#publisher/publish';
import { WrittenFiles } from '#publisher/unchanged-files';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { s3SiteBucket } from '#adapters/s3/site-bucket';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './ensure-table';
import { LOCAL_BUCKET, LOCAL_TABLE } from './cli-resources';
import { localApiKey } from './local-api-key';
import { localAwsCredentials, localAwsRegion } from './local-aws';
import { openMailCapture } from './mail-capture';
import { sesEventsFor } from './ses-events';
import type { SentMessage } from './ses-sent-messages';
import { createFeedbackHandler } from '#mailer/feedback-handler';
import { mailRoutes } from './mail-routes';
import { localS3ClientConfig, startS3Local } from './s3-local';
import { startSchedulerTimer, type SchedulerTimer } from './scheduler-timer';
import { startSesLocal } from './ses-local';
import { siteRoutes } from './site-routes';
import { localWebhookHosts } from './webhook-hosts';
import { createStreamPoller, type StreamConsumer, type StreamPoller } from './stream-poller';
import { webhookReceiverRoutes } from './webhook-receiver';
import { createChannelWorker } from '#channels/worker';
import { createChannelStreamHandler } from '#channels/stream-handler';
import { channelRequestBuilder } from '#channels/build-request';
import { createGuardedLookup } from '#adapters/http/guarded-lookup';

export { LOCAL_BUCKET, LOCAL_TABLE } from './cli-resources';
/** Messages a second the mailer sends to the SES stand-in, which has no GetSendQuota to ask. */
export const LOCAL_SEND_RATE = 1000;

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  apiKey?: string;
  /** Keep DynamoDB in memory (tests); by default it lives under dataDir and survives restarts. */
  inMemory?: boolean;
  /** Replace the stream consumers (tests). */
  consumers?: (deps: LocalDeps) => StreamConsumer[];
  /** How often the scheduler sweeps (maintenance windows, reminders); default
   *  HERALD_SCHEDULER_INTERVAL_MS or 5 s. It also sweeps once at start, to catch up. */
  schedulerIntervalMs?: number;
  /** The first admins, ensured at start; default herald.config.json `people.admins`. */
  admins?: readonly string[];
  /** Runs once the table and the site exist, before the stream poller starts (benches seed a
   *  history here with the stream switched off, so the consumers never read it). */
  beforeStream?: (deps: LocalDeps, dynamodbEndpoint: string) => Promise<void>;
}

export interface LocalDeps {
  app: AppDeps;
  publisher: PublisherDeps;
  s3: S3Client;
  sesEndpoint: string;
  bucket: string;
  tableName: string;
  /** Signs subscribers' links with the secret kept in the data folder. */
  tokens: SubscriptionTokens;
}

export interface LocalStack {
  url: string;
  apiKey: string;
  apiKeyGenerated: boolean;
  deps: LocalDeps;
  poller: StreamPoller;
  /** The scheduler's timer: `tick()` sweeps now. */
  scheduler: SchedulerTimer;
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
    // What SES would publish about each mail (delivered, or the mailbox simulator's bounce and
    // complaint), to the bounce handler once the send is answered (ses-events.ts); wired below.
    const sesEvents: { publish?: (message: SentMessage) => void } = {};
    const ses = await startSesLocal({
      onMessage: async (message) => {
        const captured = await capture.record(message);
        sesEvents.publish?.(message);
        return captured;
      },
    });
    stops.push(() => ses.stop());
    const s3Local = await startS3Local({ dataDir: join(dataDir, 's3'), buckets: [LOCAL_BUCKET] });
    stops.push(() => s3Local.stop());

    const aws = { endpoint: dynamo.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } };
    const dynamoClient = new DynamoDBClient(aws);
    await ensureTable(dynamoClient, LOCAL_TABLE);
    dynamoClient.destroy();

    // The port must be known before the page URL is; listen first, route after.
    const root = new Hono();
    let handle: (req: Request, env?: unknown) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
    const server: ServerType = await new Promise((resolve) => {
      // The Node bindings go along: the subscribe route's rate limit reads the client's socket address.
      const s = serve({ fetch: (req, env) => handle(req, env), port: options.port, hostname: '127.0.0.1' }, () => resolve(s));
    });
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;

    const config = loadConfig({ PAGE_URL: url });
    const table = { doc: createDocumentClient(aws), tableName: LOCAL_TABLE };
    const app = createAppDeps(createDynamoStore(table), config);
    app.channels = localWebhookHosts(process.env, url); // endpoints may also point at these, over http
    const { key, generated } = await localApiKey(dataDir, options.apiKey);
    await registerApiKey(app, key, 'local');
    // The first admins (herald.config.json people.admins): present and admins on every start.
    await ensureConfiguredAdmins(app, options.admins);
    const s3 = new S3Client(localS3ClientConfig(s3Local.endpoint));
    const publisher: PublisherDeps = {
      store: app.store,
      config,
      bucket: s3SiteBucket(s3, LOCAL_BUCKET),
      lock: dynamoPublishLock(table),
      now: app.now,
      written: new WrittenFiles(),
    };
    // The subscription-token secret: generated on first start, kept in the data folder.
    await ensureFileTokenSecret(dataDir);
    const tokens = createSubscriptionTokens(fileTokenKey(dataDir));
    const deps: LocalDeps = { app, publisher, s3, sesEndpoint: ses.endpoint, bucket: LOCAL_BUCKET, tableName: LOCAL_TABLE, tokens };
    const feedback = createFeedbackHandler({ store: app.store, now: app.now, log: quietFeedbackLog });
    sesEvents.publish = (message) => {
      setTimeout(() => {
        for (const event of sesEventsFor(message, app.now())) {
          feedback(event).catch((error: unknown) => console.error('local SES event:', error));
        }
      }, 0);
    };
    // A fresh data folder gets a complete page before its first incident (the deploy-time
    // rebuild on AWS); after a restart the published page is already there.
    if (!(await s3.send(new HeadObjectCommand({ Bucket: LOCAL_BUCKET, Key: 'index.html' })).then(() => true, () => false))) {
      await rebuildSite(publisher);
    }

    root.route('/', mailRoutes(capture));
    root.route('/', webhookReceiverRoutes({ endpoints: () => app.store.channelEndpoints.list(), now: app.now }));
    // No originSecret: locally there is no CloudFront, so no request may name its viewer and the
    // client is the socket's peer (functions/api/client-address.ts).
    root.route('/', createApp(app, { tokens, console: { secureCookies: false, localMailUrl: `${url}/_local/mail.html` } }));
    root.route('/', siteRoutes({ s3, bucket: LOCAL_BUCKET }));
    handle = (req, env) => root.fetch(req, env);

    // Channel delivery (webhooks, Slack, Teams): locally over plain http to this stack's own
    // /_local/webhooks and to the hosts in HERALD_ALLOW_WEBHOOK_HOSTS; the stream handler returns
    // once the deliveries are recorded (a hung receiver never holds the poller), and a sweep every
    // few seconds makes the retries that fall due.
    const urlPolicy = app.channels ?? localWebhookHosts(process.env, url);
    const channelDeps = {
      store: app.store,
      build: channelRequestBuilder(app.store, config),
      lookup: createGuardedLookup({ allowHosts: urlPolicy.allowHosts }),
      urlPolicy: { allowHosts: urlPolicy.allowHosts, allowHttp: urlPolicy.allowHttp },
    };
    const channelWorker = createChannelWorker(channelDeps);
    const channelSweep = setInterval(() => void channelWorker.sweep().catch((error) => console.error('channel sweep:', error)), 5_000);
    stops.push(async () => {
      clearInterval(channelSweep);
      await channelWorker.idle();
    });

    await options.beforeStream?.(deps, dynamo.endpoint);
    const poller = createStreamPoller({
      dynamodb: aws,
      tableName: LOCAL_TABLE,
      checkpointDir: join(dataDir, 'stream-checkpoints'),
      consumers: options.consumers?.(deps) ?? [
        { name: 'publisher', handler: createPublisherHandler(publisher) },
        {
          name: 'mailer',
          handler: createMailerHandler(
            sesMailerDeps({
              app,
              tokens,
              ses: { endpoint: ses.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } },
              fallbackSendRate: LOCAL_SEND_RATE,
            }),
          ),
        },
        { name: 'channels', handler: createChannelStreamHandler(channelDeps, channelWorker, { background: true }) },
      ],
    });
    await poller.start();
    stops.push(() => poller.stop());

    // Time-driven work, as EventBridge Scheduler drives it on AWS: once now (catching up on what
    // fell due while the stack was down), then every few seconds. Responders' reminders go to SES.
    const schedulerSes = new SESClient({ endpoint: ses.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials }, maxAttempts: 1 });
    stops.push(async () => schedulerSes.destroy());
    const workflow = {
      ...app,
      responderMail: { sender: sesMailSender({ client: schedulerSes, configurationSet: config.email.configuration_set }), from: config.email.from },
      log: jsonWorkflowLog,
    };
    const scheduler = startSchedulerTimer({
      intervalMs: options.schedulerIntervalMs ?? Number(process.env.HERALD_SCHEDULER_INTERVAL_MS ?? 5_000),
      run: (now) => runScheduledWork(workflow, now),
    });
    stops.push(() => scheduler.stop());

    await writeFile(
      join(dataDir, 'stack.json'),
      JSON.stringify({ url, pid: process.pid, dynamodb_endpoint: dynamo.endpoint, table: LOCAL_TABLE, s3_endpoint: s3Local.endpoint, bucket: LOCAL_BUCKET }, null, 2),
    );
    return { url, apiKey: key, apiKeyGenerated: generated, deps, poller, scheduler, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The bounce handler's log, locally: its one line per event would drown the stack's output. */
const quietFeedbackLog = { info: () => undefined, error: (message: string, fields?: object) => console.error(message, fields ?? {}) };
