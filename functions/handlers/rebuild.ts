// Lambda entry point: the full rebuild (run after every deployment, so a new site is complete
// before its first incident). Answers CloudFormation custom-resource events and plain invokes.
// The incidents are read as their pages render (rebuild-streamed.ts): memory flat in their number.
import { S3Client } from '@aws-sdk/client-s3';
import { awsAppDeps } from '#adapters/aws/app-deps';
import { requireEnv } from '#adapters/aws/require-env';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { FENCED_UPLOADS, s3SiteBucket } from '#adapters/s3/site-bucket';
import { rebuildSiteStreamed } from '#publisher/rebuild-streamed';

const app = awsAppDeps();
const deps = {
  store: app.store,
  config: app.config,
  bucket: s3SiteBucket(new S3Client(FENCED_UPLOADS), requireEnv('SITE_BUCKET')),
  lock: dynamoPublishLock({ doc: createDocumentClient(), tableName: requireEnv('TABLE_NAME') }),
  now: app.now,
};

export const handler = async (event: { RequestType?: string } = {}) => {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: 'herald-site-rebuild' };
  const result = await rebuildSiteStreamed(deps);
  return { PhysicalResourceId: 'herald-site-rebuild', Data: { files: result.files } };
};
