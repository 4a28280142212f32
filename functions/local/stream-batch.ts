// Hands one batch to a consumer the way Lambda does and says how much of it succeeded:
// a thrown error fails the whole batch; with batchItemFailures, everything before the first
// failed record (by SequenceNumber) succeeded; an itemIdentifier that names no record of the
// batch fails the whole batch, as Lambda treats it.
import type { _Record as SdkRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toLambdaRecord } from './stream-record';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export type BatchOutcome =
  | { ok: true }
  | { ok: false; succeeded: number; reason: unknown };

export async function invokeBatch(
  handler: StreamHandler,
  records: readonly SdkRecord[],
  streamArn: string,
  region: string,
): Promise<BatchOutcome> {
  const event: DynamoDBStreamEvent = {
    Records: records.map((record) => toLambdaRecord(record, streamArn, region)),
  };
  let response: DynamoDBBatchResponse | void;
  try {
    response = await handler(event);
  } catch (error) {
    return { ok: false, succeeded: 0, reason: error };
  }
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return { ok: true };

  const positions = failures.map(({ itemIdentifier }) =>
    records.findIndex((record) => itemIdentifier && record.dynamodb?.SequenceNumber === itemIdentifier),
  );
  const reason = new Error(
    `batchItemFailures: ${failures.map((failure) => failure.itemIdentifier).join(', ')}`,
  );
  if (positions.some((position) => position < 0)) return { ok: false, succeeded: 0, reason };
  return { ok: false, succeeded: Math.min(...positions), reason };
}
