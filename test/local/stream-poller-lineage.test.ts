// Shard roll-over can't be provoked on DynamoDB Local, so this suite fakes the Streams API: a
// closed parent shard with two records and its open child with one, listed child first, over
// two DescribeStream pages.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStreamPoller } from '#local/stream-poller';

const streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/fake/stream/1';

function aRecord(pk: string, sequenceNumber: string): _Record {
  return {
    eventID: pk,
    eventName: 'INSERT',
    dynamodb: { Keys: { pk: { S: pk } }, SequenceNumber: sequenceNumber, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

const shardRecords: Record<string, _Record[]> = {
  parent: [aRecord('p1', '100'), aRecord('p2', '101')],
  child: [aRecord('c1', '200')],
};
const closedShards = new Set(['parent']);

/** Iterator "<shard>@<index of the next record>". */
function fakeStreams(command: unknown) {
  if (command instanceof DescribeStreamCommand) {
    return command.input.ExclusiveStartShardId
      ? { StreamDescription: { Shards: [{ ShardId: 'parent' }] } }
      : { StreamDescription: { Shards: [{ ShardId: 'child', ParentShardId: 'parent' }], LastEvaluatedShardId: 'child' } };
  }
  if (command instanceof GetShardIteratorCommand) {
    const { ShardId = '', SequenceNumber } = command.input;
    const records = shardRecords[ShardId] ?? [];
    const next = SequenceNumber ? records.findIndex((r) => r.dynamodb?.SequenceNumber === SequenceNumber) + 1 : 0;
    return { ShardIterator: `${ShardId}@${next}` };
  }
  if (command instanceof GetRecordsCommand) {
    const [shardId = '', at = '0'] = (command.input.ShardIterator ?? '').split('@');
    const records = (shardRecords[shardId] ?? []).slice(Number(at), Number(at) + (command.input.Limit ?? 100));
    const next = Number(at) + records.length;
    const ended = closedShards.has(shardId) && next >= (shardRecords[shardId]?.length ?? 0);
    return { Records: records, NextShardIterator: ended ? undefined : `${shardId}@${next}` };
  }
  throw new Error(`unexpected ${String(command)}`);
}

describe('stream-poller shard lineage', () => {
  let checkpointDir: string;

  beforeEach(async () => {
    checkpointDir = await mkdtemp(join(tmpdir(), 'herald-lineage-'));
    vi.spyOn(DynamoDBClient.prototype, 'send').mockImplementation(async (command: unknown) => {
      if (command instanceof DescribeTableCommand) {
        return { Table: { LatestStreamArn: streamArn, StreamSpecification: { StreamEnabled: true } } };
      }
      throw new Error('unexpected DynamoDB call');
    });
    vi.spyOn(DynamoDBStreamsClient.prototype, 'send').mockImplementation(async (command: unknown) =>
      fakeStreams(command),
    );
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(checkpointDir, { recursive: true, force: true });
  });

  it('finishes a closed parent shard before it reads the child', async () => {
    // Prepare
    const seen: string[] = [];
    const poller = createStreamPoller({
      dynamodb: { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } },
      tableName: 'fake',
      checkpointDir,
      pollIntervalMs: 10,
      logger: { info: () => {}, error: () => {} },
      consumers: [
        {
          name: 'publisher',
          batchSize: 1,
          handler: async (event) => {
            seen.push(...event.Records.map((record) => record.dynamodb?.Keys?.pk?.S ?? '?'));
          },
        },
      ],
    });

    // Act
    await poller.start();
    await poller.waitForIdle(5_000);
    await poller.stop();

    // Assess
    expect(seen).toEqual(['p1', 'p2', 'c1']);
    const saved = JSON.parse(await readFile(join(checkpointDir, 'publisher.json'), 'utf8'));
    expect(saved).toEqual({
      streamArn,
      shards: { parent: { sequenceNumber: '101', finished: true }, child: { sequenceNumber: '200' } },
    });
  });
});
