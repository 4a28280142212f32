// The test table's stream as Lambda would deliver it: every record written since the last call,
// in order, in the event source mapping's shape (functions/local/stream-record.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { toLambdaRecord } from '#local/stream-record';
import { latestStreamArn, listShards, shardIterator } from '#local/stream-shards';
import { localAws } from '../../support/local-aws';

export interface StreamReader {
  /** Records written since the previous call (all of them on the first). */
  next(): Promise<DynamoDBRecord[]>;
  close(): void;
}

export async function openStream(endpoint: string, tableName: string): Promise<StreamReader> {
  const dynamodb = new DynamoDBClient({ endpoint, ...localAws });
  const streams = new DynamoDBStreamsClient({ endpoint, ...localAws });
  const arn = await latestStreamArn(dynamodb, tableName);
  const positions = new Map<string, string>();
  return {
    async next() {
      const records: DynamoDBRecord[] = [];
      for (const { shardId } of await listShards(streams, arn)) {
        let iterator = await shardIterator(streams, arn, shardId, positions.get(shardId));
        while (iterator) {
          const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          const got = page.Records ?? [];
          if (got.length === 0) break;
          records.push(...got.map((r) => toLambdaRecord(r, arn, localAws.region)));
          positions.set(shardId, got.at(-1)!.dynamodb!.SequenceNumber!);
          iterator = page.NextShardIterator;
        }
      }
      return records;
    },
    close() {
      dynamodb.destroy();
      streams.destroy();
    },
  };
}
