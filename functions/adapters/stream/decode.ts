// DynamoDB stream records, decoded: what kind of item changed and its images as plain objects.
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';

export interface DecodedRecord {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** The item's `type` attribute (see adapters/dynamodb/keys.ts ItemType), from either image. */
  type: string | undefined;
  newItem?: Record<string, unknown>;
  oldItem?: Record<string, unknown>;
  /** The record's stream sequence number: its itemIdentifier in a batchItemFailures answer. */
  sequenceNumber: string;
}

type Image = Record<string, SdkAttributeValue>;

export function decodeRecord(record: DynamoDBRecord): DecodedRecord {
  const change = record.dynamodb ?? {};
  const newItem = change.NewImage ? unmarshall(change.NewImage as Image) : undefined;
  const oldItem = change.OldImage ? unmarshall(change.OldImage as Image) : undefined;
  const type = (newItem?.type ?? oldItem?.type) as string | undefined;
  return {
    eventName: (record.eventName ?? 'MODIFY') as DecodedRecord['eventName'],
    type,
    newItem,
    oldItem,
    sequenceNumber: change.SequenceNumber ?? '',
  };
}
