// A filtered scan of the whole table in parallel segments, handed over as it is read, a
// partition's items together (full rebuilds: the table is never in memory at once).
//
// A segment returns a partition's items one after another (DynamoDB scans by partition, then sort
// key), so a partition is complete once the next one starts or the segment ends; only the last
// partition of a page is held until the next page shows whether it goes on. Pages are small
// (`pageItems`) and at most `highWater` items wait for the reader, counting the pages being read:
// a segment asks for its next page only once the reader took enough.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from './client';

export interface ScanPartitionsOptions {
  segments?: number;
  /** Items a Scan call evaluates at most (its Limit). */
  pageItems?: number;
  /** Items read or being read and not yet taken by the reader past which the segments wait. */
  highWater?: number;
}

type Item = Record<string, unknown>;

/** Every partition whose items pass `filter`, each once with all its items, in no set order. */
export async function* scanPartitions(
  { doc, tableName }: TableContext,
  filter: string,
  values: Record<string, unknown>,
  { segments = 16, pageItems = 250, highWater = 4000 }: ScanPartitionsOptions = {},
): AsyncGenerator<Item[][]> {
  const ready: Item[][] = [];
  let readyItems = 0;
  /** Pages asked for and not answered yet. */
  let reading = 0;
  let running = segments;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wakeReader: (() => void) | undefined;
  let wakeSegments: Array<() => void> = [];
  const signalReader = () => {
    wakeReader?.();
    wakeReader = undefined;
  };
  const signalSegments = () => {
    for (const wake of wakeSegments) wake();
    wakeSegments = [];
  };
  const seen = new Set<string>();
  const hand = (run: Item[]) => {
    const pk = String(run[0]!.pk);
    // A partition split over two runs would be two incomplete records: never hand that over.
    if (seen.has(pk)) throw new Error(`scan returned partition ${pk} in two runs`);
    seen.add(pk);
    ready.push(run);
    readyItems += run.length;
  };

  const segment = async (index: number) => {
    let held: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      while (readyItems + reading * pageItems >= highWater && !stopped) await new Promise<void>((wake) => wakeSegments.push(wake));
      if (stopped) return;
      reading++;
      const page = await doc
        .send(new ScanCommand({ TableName: tableName, Segment: index, TotalSegments: segments, FilterExpression: filter, ExpressionAttributeValues: values, ExclusiveStartKey, Limit: pageItems }))
        .finally(() => {
          reading--;
          // The waiting segments count again (a page that completed no partition frees its room).
          signalSegments();
        });
      for (const item of page.Items ?? []) {
        if (held.length > 0 && held[0]!.pk !== item.pk) {
          hand(held);
          held = [];
        }
        held.push(item);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
      if (ExclusiveStartKey === undefined && held.length > 0) hand(held);
      signalReader();
    } while (ExclusiveStartKey);
  };

  const all = Array.from({ length: segments }, (_, index) =>
    segment(index)
      .catch((error: unknown) => {
        failure ??= { error };
        stopped = true;
        signalSegments();
      })
      .finally(() => {
        running--;
        signalReader();
      }),
  );
  try {
    for (;;) {
      if (failure !== undefined) throw failure.error;
      if (ready.length > 0) {
        const taken = ready.splice(0);
        readyItems = 0;
        signalSegments();
        yield taken;
        continue;
      }
      if (running === 0) return;
      await new Promise<void>((wake) => (wakeReader = wake));
    }
  } finally {
    // The reader stopped early (or failed): no segment reads another page.
    stopped = true;
    signalSegments();
    await Promise.all(all);
  }
}
