// One consumer's position in a table's stream: per shard, the last sequence number it processed
// and whether it finished the shard. Kept as one JSON file, replaced atomically (temp + fsync +
// rename) on every save, so a crash leaves either the old or the new position, never a torn one.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export interface ShardCheckpoint {
  /** Last sequence number handed to the consumer successfully. */
  sequenceNumber?: string;
  /** The shard is closed and every record in it was processed. */
  finished?: boolean;
}

interface CheckpointFile {
  streamArn: string;
  shards: Record<string, ShardCheckpoint>;
}

export interface CheckpointStore {
  get(shardId: string): ShardCheckpoint | undefined;
  /** Records the new position and resolves once it is on disk. */
  set(shardId: string, checkpoint: ShardCheckpoint): Promise<void>;
  /** Forgets finished shards that the stream no longer lists. */
  prune(liveShardIds: ReadonlySet<string>): Promise<void>;
}

export async function openCheckpointStore(
  dir: string,
  consumerName: string,
  streamArn: string,
): Promise<CheckpointStore> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${checkpointFileName(consumerName)}.json`);
  const shards = await load(file, streamArn);
  let saving: Promise<void> = Promise.resolve();

  const save = () => {
    const snapshot = JSON.stringify({ streamArn, shards } satisfies CheckpointFile);
    saving = saving.catch(() => {}).then(() => writeAtomically(file, snapshot));
    return saving;
  };

  return {
    get: (shardId) => shards[shardId],
    set(shardId, checkpoint) {
      shards[shardId] = { ...checkpoint };
      return save();
    },
    async prune(liveShardIds) {
      const stale = Object.keys(shards).filter((id) => shards[id]?.finished && !liveShardIds.has(id));
      if (stale.length === 0) return;
      for (const id of stale) delete shards[id];
      await save();
    },
  };
}

/** A file name for a consumer name; distinct names that collide are refused by the poller. */
export function checkpointFileName(consumerName: string): string {
  return consumerName.replace(/[^A-Za-z0-9._-]/g, '_');
}

async function load(file: string, streamArn: string): Promise<Record<string, ShardCheckpoint>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = JSON.parse(text) as CheckpointFile;
  // Another stream (the table was recreated): its shards mean nothing here.
  return parsed.streamArn === streamArn ? parsed.shards : {};
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
