// Lambda entry point: channel delivery (webhooks, Slack, Teams), on the table's stream, and the
// retry sweep when EventBridge Scheduler invokes it (an event that is not a stream batch).
// Deliveries go through node:https with the SSRF guard (every resolved address checked at
// connect time); the deployed stack allows no exceptions.
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { awsAppDeps } from '#adapters/aws/app-deps';
import { createGuardedLookup } from '#adapters/http/guarded-lookup';
import { channelRequestBuilder } from '#channels/build-request';
import type { ChannelWorkerDeps } from '#channels/deps';
import { createChannelStreamHandler } from '#channels/stream-handler';
import { createChannelWorker } from '#channels/worker';

const app = awsAppDeps();
const deps: ChannelWorkerDeps = { store: app.store, build: channelRequestBuilder(app.store, app.config), lookup: createGuardedLookup(), urlPolicy: {} };
const worker = createChannelWorker(deps);
const onStream = createChannelStreamHandler(deps, worker);

export async function handler(event: DynamoDBStreamEvent | Record<string, unknown>) {
  if (Array.isArray((event as DynamoDBStreamEvent).Records)) return onStream(event as DynamoDBStreamEvent);
  await worker.sweep();
  await worker.idle();
  return { swept: true };
}
