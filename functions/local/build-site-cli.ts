// `npm run build:site [-- --out DIR]`: renders the whole site from the table (every incident)
// into the site bucket, or into a folder. For a new deployment, a template change, or recovery.
// Local stack's table and bucket by default; AWS when TABLE_NAME and SITE_BUCKET are set.
import { parseArgs } from 'node:util';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { dynamoPublishLock } from '#adapters/dynamodb/publish-lock';
import { s3SiteBucket } from '#adapters/s3/site-bucket';
import { loadConfig } from '#config/config';
import { folderBucket } from '#publisher/folder-bucket';
import { rebuildSite } from '#publisher/publish';
import { openCliResources } from './cli-resources';
import { quietSdkNodeWarning } from './quiet-sdk-warning';

quietSdkNodeWarning();
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const resources = await openCliResources().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
try {
  const started = performance.now();
  const bucket = values.out
    ? folderBucket(values.out)
    : await resources.bucket().then(({ s3, name }) => s3SiteBucket(s3, name));
  const result = await rebuildSite({
    store: createDynamoStore(resources.table),
    config: loadConfig(),
    bucket,
    lock: dynamoPublishLock(resources.table),
    now: () => new Date().toISOString(),
  });
  console.log(`Rendered ${result.files} files into ${values.out ?? 'the site bucket'} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await resources.close();
}
