// Lambda entry point: the publisher, on the table's stream.
//
// Most batches on the stream change nothing on the site (mail ledger, subscribers, sessions, keys:
// site-changes.ts says which do), and the handler answers those from the records alone. The
// publish itself (rendering, Markdown, feeds, the precompiled renderer) and its dependencies (the
// validated config, the S3 bucket, the publish lock) are loaded and built on the first batch that
// changes the site, once per process: a cold start on a mail batch evaluates none of it.
// test/handlers/lazy-imports.test.ts keeps the publish out of this module's static imports.
import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { awsAppDeps } from '#adapters/aws/app-deps';
import { requireEnv } from '#adapters/aws/require-env';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { FENCED_UPLOADS, s3SiteBucket } from '#adapters/s3/site-bucket';
import { siteChangesOf } from '#publisher/site-changes';
import type { StreamHandler } from '#publisher/stream-handler';
import { WrittenFiles } from '#publisher/unchanged-files';

// A variable the stack forgot still fails the cold start, as before.
const siteBucket = requireEnv('SITE_BUCKET');
const tableName = requireEnv('TABLE_NAME');

let publisher: Promise<StreamHandler> | undefined;

/** The publish handler, loaded and built on first use (and by bench:bundle, to time that load). */
export function loadPublisher(): Promise<StreamHandler> {
  publisher ??= import('#publisher/stream-handler').then(({ createPublisherHandler }) => {
    const app = awsAppDeps();
    return createPublisherHandler({
      store: app.store,
      config: app.config,
      bucket: s3SiteBucket(new S3Client(FENCED_UPLOADS), siteBucket),
      lock: dynamoPublishLock({ doc: createDocumentClient(), tableName }),
      now: app.now,
      written: new WrittenFiles(),
    });
  });
  return publisher;
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  // What createPublisherHandler answers for a batch without site changes, without loading it.
  if (siteChangesOf(event.Records).length === 0) return { batchItemFailures: [] };
  return (await loadPublisher())(event);
}
