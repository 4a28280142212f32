// The local stand-in for Lambda's DynamoDB event source mapping. Each consumer behaves like its
// own mapping: its own checkpoint per shard under checkpointDir, shards read parent before
// child, each open shard by its own reader so a failing shard holds up only itself.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { sleep } from './sleep';
import type { StreamHandler } from './stream-batch';
import { checkpointFileName, openCheckpointStore, type CheckpointStore } from './stream-checkpoints';
import { readShard, type StreamLogger } from './stream-shard-reader';
import {
  compareSequenceNumbers,
  lastSequenceNumber,
  latestStreamArn,
  listShards,
  type ShardInfo,
} from './stream-shards';

export type { StreamHandler } from './stream-batch';
export type { StreamLogger } from './stream-shard-reader';

export interface StreamConsumer {
  name: string;
  handler: StreamHandler;
  /** Records per invocation, at most. Default 100. */
  batchSize?: number;
}

export interface StreamPollerOptions {
  dynamodb: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  tableName: string;
  checkpointDir: string;
  consumers: StreamConsumer[];
  /** Pause between two reads of a shard that had nothing new. Default 100 ms. */
  pollIntervalMs?: number;
  logger?: StreamLogger;
}

export interface StreamPoller {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every consumer has processed every record in the stream at call time. */
  waitForIdle(timeoutMs?: number): Promise<void>;
}

interface ConsumerState {
  consumer: StreamConsumer;
  checkpoints: CheckpointStore;
  readers: Map<string, Promise<void>>;
}

const SHARD_REFRESH_MS = 1_000;

const defaultLogger: StreamLogger = {
  info: () => {},
  error: (msg, err) => console.error(msg, err),
};

export function createStreamPoller(opts: StreamPollerOptions): StreamPoller {
  assertDistinctNames(opts.consumers);
  const logger = opts.logger ?? defaultLogger;
  const pollIntervalMs = opts.pollIntervalMs ?? 100;
  const dynamodb = new DynamoDBClient(opts.dynamodb);
  const streams = new DynamoDBStreamsClient(opts.dynamodb);
  const abort = new AbortController();
  let streamArn: string | undefined;
  let states: ConsumerState[] | undefined;
  let manager: Promise<void> | undefined;
  let wakeManager = () => {};

  async function refresh(arn: string, consumers: ConsumerState[]): Promise<void> {
    const shards = await listShards(streams, arn, abort.signal);
    const live = new Set(shards.map((shard) => shard.shardId));
    for (const state of consumers) {
      await state.checkpoints.prune(live);
      for (const shard of shards) {
        if (abort.signal.aborted) return;
        if (state.readers.has(shard.shardId) || state.checkpoints.get(shard.shardId)?.finished) continue;
        const parent = shard.parentShardId;
        if (parent && live.has(parent) && !state.checkpoints.get(parent)?.finished) continue;
        startReader(arn, state, shard);
      }
    }
  }

  function startReader(arn: string, state: ConsumerState, shard: ShardInfo): void {
    const { consumer } = state;
    logger.info(`stream ${consumer.name}/${shard.shardId}: reading`);
    const reader = readShard({
      client: streams,
      streamArn: arn,
      region: opts.dynamodb.region,
      shardId: shard.shardId,
      consumerName: consumer.name,
      handler: consumer.handler,
      batchSize: consumer.batchSize ?? 100,
      checkpoints: state.checkpoints,
      pollIntervalMs,
      signal: abort.signal,
      logger,
    })
      .then((result) => {
        if (result === 'finished') {
          logger.info(`stream ${consumer.name}/${shard.shardId}: finished`);
          wakeManager(); // its children can start now
        }
      })
      // e.g. the checkpoint could not be saved: the next refresh starts it again from the checkpoint
      .catch((error: unknown) => logger.error(`stream ${consumer.name}/${shard.shardId}: reader failed`, error))
      .finally(() => state.readers.delete(shard.shardId));
    state.readers.set(shard.shardId, reader);
  }

  async function manage(arn: string, consumers: ConsumerState[]): Promise<void> {
    while (!abort.signal.aborted) {
      const early = new AbortController();
      wakeManager = () => early.abort();
      await sleep(SHARD_REFRESH_MS, AbortSignal.any([abort.signal, early.signal]));
      if (abort.signal.aborted) break;
      try {
        await refresh(arn, consumers);
      } catch (error) {
        if (!abort.signal.aborted) logger.error('stream: listing shards failed', error);
      }
    }
  }

  async function idleTargets(arn: string, consumers: ConsumerState[]) {
    const targets: Array<{ shardId: string; sequenceNumber: string }> = [];
    for (const { shardId } of await listShards(streams, arn)) {
      const positions = consumers.map((state) => state.checkpoints.get(shardId));
      if (positions.every((position) => position?.finished)) continue;
      const sequenceNumbers = positions.map((position) => position?.sequenceNumber);
      const after = sequenceNumbers.every((s) => s !== undefined)
        ? (sequenceNumbers as string[]).sort(compareSequenceNumbers)[0]
        : undefined;
      const last = await lastSequenceNumber(streams, arn, shardId, after);
      if (last) targets.push({ shardId, sequenceNumber: last });
    }
    return targets;
  }

  return {
    async start() {
      if (states) throw new Error('the stream poller was started already');
      const arn = await latestStreamArn(dynamodb, opts.tableName);
      const opened = await Promise.all(
        opts.consumers.map(async (consumer) => ({
          consumer,
          checkpoints: await openCheckpointStore(opts.checkpointDir, consumer.name, arn),
          readers: new Map<string, Promise<void>>(),
        })),
      );
      streamArn = arn;
      states = opened;
      await refresh(arn, opened);
      manager = manage(arn, opened);
      logger.info(`stream poller: ${opened.length} consumer(s) on ${arn}`);
    },

    async stop() {
      abort.abort();
      await manager;
      await Promise.all((states ?? []).flatMap((state) => [...state.readers.values()]));
      dynamodb.destroy();
      streams.destroy();
    },

    async waitForIdle(timeoutMs = 10_000) {
      if (!streamArn || !states) throw new Error('the stream poller has not been started');
      const consumers = states;
      const deadline = Date.now() + timeoutMs;
      const targets = await idleTargets(streamArn, consumers);
      const lagging = () =>
        consumers.flatMap((state) =>
          targets
            .filter(({ shardId, sequenceNumber }) => {
              const position = state.checkpoints.get(shardId);
              if (position?.finished) return false;
              const done = position?.sequenceNumber;
              return !done || compareSequenceNumbers(done, sequenceNumber) < 0;
            })
            .map(({ shardId, sequenceNumber }) => `${state.consumer.name}/${shardId} < ${sequenceNumber}`),
        );
      for (;;) {
        const behind = lagging();
        if (behind.length === 0) return;
        if (abort.signal.aborted) throw new Error('the stream poller was stopped');
        if (Date.now() >= deadline) {
          throw new Error(`stream poller not idle after ${timeoutMs} ms: ${behind.join(', ')}`);
        }
        await sleep(20);
      }
    },
  };
}

function assertDistinctNames(consumers: readonly StreamConsumer[]): void {
  const seen = new Map<string, string>();
  for (const { name } of consumers) {
    const file = checkpointFileName(name);
    const other = seen.get(file);
    if (other !== undefined) {
      throw new Error(`stream consumers "${other}" and "${name}" would share a checkpoint file`);
    }
    seen.set(file, name);
  }
}
