// One consumer reading one shard, like one shard of a Lambda event source mapping: batches of
// up to batchSize records in order, the checkpoint saved after every batch that succeeded (in
// part or whole), failures retried from the first failed record with backoff until they pass
// or the poller stops. A closed shard that has been read to its end is marked finished.
import {
  GetRecordsCommand,
  type DynamoDBStreamsClient,
  type _Record as SdkRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { sleep } from './sleep';
import { invokeBatch, type StreamHandler } from './stream-batch';
import type { CheckpointStore } from './stream-checkpoints';
import { shardIterator } from './stream-shards';

export interface StreamLogger {
  info(msg: string): void;
  error(msg: string, err?: unknown): void;
}

export interface ShardReader {
  client: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  shardId: string;
  consumerName: string;
  handler: StreamHandler;
  batchSize: number;
  checkpoints: CheckpointStore;
  pollIntervalMs: number;
  signal: AbortSignal;
  logger: StreamLogger;
}

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

/** Resolves 'finished' when the shard is closed and fully processed, 'stopped' on abort. */
export async function readShard(reader: ShardReader): Promise<'finished' | 'stopped'> {
  const { client, signal, logger, checkpoints, shardId } = reader;
  const label = `${reader.consumerName}/${shardId}`;
  let iterator: string | undefined;
  let fromTrimHorizon = false;
  let pending: SdkRecord[] = [];
  let shardEnded = false;
  let backoff = FIRST_BACKOFF_MS;

  const failed = async (msg: string, err: unknown) => {
    logger.error(`stream ${label}: ${msg}; retrying in ${backoff} ms`, err);
    await sleep(backoff, signal);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };

  while (!signal.aborted) {
    if (pending.length === 0) {
      if (shardEnded) {
        await checkpoints.set(shardId, { ...checkpoints.get(shardId), finished: true });
        return 'finished';
      }
      try {
        if (!iterator) {
          const after = fromTrimHorizon ? undefined : checkpoints.get(shardId)?.sequenceNumber;
          iterator = await shardIterator(client, reader.streamArn, shardId, after, signal);
          fromTrimHorizon = false;
          if (!iterator) shardEnded = true;
          continue;
        }
        const page = await client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: reader.batchSize }),
          { abortSignal: signal },
        );
        pending = page.Records ?? [];
        iterator = page.NextShardIterator;
        shardEnded = !iterator;
        backoff = FIRST_BACKOFF_MS;
        if (pending.length === 0 && !shardEnded) await sleep(reader.pollIntervalMs, signal);
      } catch (error) {
        if (signal.aborted) break;
        const name = (error as Error).name;
        // Records older than the checkpoint are gone: carry on from the oldest there is.
        fromTrimHorizon = name === 'TrimmedDataAccessException';
        if (name === 'ResourceNotFoundException') {
          logger.error(`stream ${label}: the shard is gone; treating it as finished`, error);
          await checkpoints.set(shardId, { ...checkpoints.get(shardId), finished: true });
          return 'finished';
        }
        iterator = undefined; // expired or unusable: ask again from the checkpoint
        await failed('reading the shard failed', error);
      }
      continue;
    }

    const outcome = await invokeBatch(reader.handler, pending, reader.streamArn, reader.region);
    const succeeded = outcome.ok ? pending.length : outcome.succeeded;
    const lastGood = pending[succeeded - 1]?.dynamodb?.SequenceNumber;
    if (lastGood) await checkpoints.set(shardId, { sequenceNumber: lastGood });
    pending = pending.slice(succeeded);
    if (outcome.ok) {
      backoff = FIRST_BACKOFF_MS;
    } else {
      const first = pending[0]?.dynamodb?.SequenceNumber;
      await failed(`the handler failed the batch from record ${first}`, outcome.reason);
    }
  }
  return 'stopped';
}
