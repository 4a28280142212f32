// The publisher: a table-stream consumer that re-renders the pages a change touches.
// (Rendering lands with the status-page issue; until then it acknowledges every record.)
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export function createPublisherHandler(): StreamHandler {
  return async () => ({ batchItemFailures: [] });
}
