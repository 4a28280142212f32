// Reading a table's stream: its ARN, its shards, an iterator positioned after a checkpoint, and
// the last sequence number currently in a shard (what waitForIdle has to see processed).
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
}

export async function latestStreamArn(client: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn || Table.StreamSpecification?.StreamEnabled === false) {
    throw new Error(`table ${tableName} has no stream enabled`);
  }
  return Table.LatestStreamArn;
}

/** Every shard of the stream, following DescribeStream's pages. */
export async function listShards(
  client: DynamoDBStreamsClient,
  streamArn: string,
  abortSignal?: AbortSignal,
): Promise<ShardInfo[]> {
  const shards: Shard[] = [];
  let exclusiveStartShardId: string | undefined;
  do {
    const { StreamDescription } = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      { abortSignal },
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId);
  return shards
    .filter((shard): shard is Shard & { ShardId: string } => Boolean(shard.ShardId))
    .map((shard) => ({ shardId: shard.ShardId, parentShardId: shard.ParentShardId }));
}

/** An iterator at the start of the shard, or just after `afterSequenceNumber`. */
export async function shardIterator(
  client: DynamoDBStreamsClient,
  streamArn: string,
  shardId: string,
  afterSequenceNumber: string | undefined,
  abortSignal?: AbortSignal,
): Promise<string | undefined> {
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shardId,
      ...(afterSequenceNumber
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: afterSequenceNumber }
        : { ShardIteratorType: 'TRIM_HORIZON' }),
    }),
    { abortSignal },
  );
  return ShardIterator;
}

/** The sequence number of the last record now in the shard after `afterSequenceNumber`, if any. */
export async function lastSequenceNumber(
  client: DynamoDBStreamsClient,
  streamArn: string,
  shardId: string,
  afterSequenceNumber: string | undefined,
): Promise<string | undefined> {
  let iterator = await shardIterator(client, streamArn, shardId, afterSequenceNumber);
  let last: string | undefined;
  while (iterator) {
    const { Records, NextShardIterator } = await client.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
    );
    if (!Records?.length) break; // DynamoDB Local answers an empty page once it is caught up
    last = Records.at(-1)?.dynamodb?.SequenceNumber ?? last;
    iterator = NextShardIterator;
  }
  return last;
}

export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
