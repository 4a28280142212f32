// The publisher: a table-stream consumer that re-renders the pages a batch of changes touches.
// A failed render or upload reports every record of the batch as failed, so Lambda (or the local
// poller) retries the batch; the pages already written stay whole, and the retry rewrites them
// from the then-current state.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishChanges, type PublisherDeps } from './publish';
import { siteChangesOf } from './site-changes';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export function createPublisherHandler(deps: PublisherDeps): StreamHandler {
  return async (event) => {
    const changes = siteChangesOf(event.Records);
    try {
      const started = Date.now();
      const result = await publishChanges(deps, changes);
      if (result.files > 0) {
        console.log(JSON.stringify({ level: 'info', component: 'publisher', records: event.Records.length, files: result.files, full: result.full, ms: Date.now() - started }));
      }
      return { batchItemFailures: [] };
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'publish failed; the batch will be retried', error: String(error) }));
      return {
        batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
      };
    }
  };
}
