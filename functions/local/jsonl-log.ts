// An append-only JSON Lines file that survives a crash: every append resolves only once its line
// is fsync'd (appends that arrive together share one write and one fsync), and opening the file
// drops a last line torn by a crash mid-write. clear() truncates, in order with the appends.
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface JsonlLog<T> {
  /** The entries read when the log was opened. */
  readonly loaded: readonly T[];
  append(entry: T): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

type Operation = { kind: 'append'; line: string } | { kind: 'clear' };
interface Queued {
  operation: Operation;
  resolve(): void;
  reject(error: unknown): void;
}

export async function openJsonlLog<T>(file: string): Promise<JsonlLog<T>> {
  await mkdir(dirname(file), { recursive: true });
  const { entries, validLength } = await readEntries<T>(file);
  const handle = await open(file, 'a');
  const { size } = await handle.stat();
  if (size > validLength) {
    await handle.truncate(validLength);
    await handle.sync();
  }

  const queue: Queued[] = [];
  let draining: Promise<void> | undefined;
  const enqueue = (operation: Operation) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ operation, resolve, reject });
      draining ??= drain(handle, queue).finally(() => (draining = undefined));
    });

  return {
    loaded: entries,
    append: (entry) => enqueue({ kind: 'append', line: `${JSON.stringify(entry)}\n` }),
    clear: () => enqueue({ kind: 'clear' }),
    async close() {
      await draining;
      await handle.close();
    },
  };
}

async function drain(handle: FileHandle, queue: Queued[]): Promise<void> {
  while (queue.length > 0) {
    const first = queue[0]!;
    // One clear on its own, or every append up to the next clear together.
    const batch =
      first.operation.kind === 'clear'
        ? queue.splice(0, 1)
        : queue.splice(0, indexOrEnd(queue.findIndex((q) => q.operation.kind === 'clear'), queue.length));
    try {
      if (first.operation.kind === 'clear') {
        await handle.truncate(0);
      } else {
        await handle.appendFile(batch.map((q) => (q.operation as { line: string }).line).join(''), 'utf8');
      }
      await handle.datasync();
      for (const q of batch) q.resolve();
    } catch (error) {
      for (const q of batch) q.reject(error);
    }
  }
}

function indexOrEnd(index: number, end: number): number {
  return index < 0 ? end : index;
}

async function readEntries<T>(file: string): Promise<{ entries: T[]; validLength: number }> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], validLength: 0 };
    throw error;
  }
  const validLength = content.lastIndexOf(0x0a) + 1; // anything after the last newline is torn
  const entries: T[] = [];
  for (const line of content.subarray(0, validLength).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      // a damaged line: skip it, keep the rest
    }
  }
  return { entries, validLength };
}
