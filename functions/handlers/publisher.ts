// Lambda entry point: the publisher, on the table's stream.
import { S3Client } from '@aws-sdk/client-s3';
import { awsAppDeps } from '#adapters/aws/app-deps';
import { requireEnv } from '#adapters/aws/require-env';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { FENCED_UPLOADS, s3SiteBucket } from '#adapters/s3/site-bucket';
import { createPublisherHandler } from '#publisher/stream-handler';
import { WrittenFiles } from '#publisher/unchanged-files';

const app = awsAppDeps();
export const handler = createPublisherHandler({
  store: app.store,
  config: app.config,
  bucket: s3SiteBucket(new S3Client(FENCED_UPLOADS), requireEnv('SITE_BUCKET')),
  lock: dynamoPublishLock({ doc: createDocumentClient(), tableName: requireEnv('TABLE_NAME') }),
  now: app.now,
  written: new WrittenFiles(),
});
