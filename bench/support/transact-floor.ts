// DynamoDB Local's own floor for bench/api-latency.ts: 3-item TransactWriteItems, as fast as a
// given number of concurrent callers can send them through the same SDK document client Herald
// uses, with no Herald in the way. The three items are copies of what one Herald update writes
// (the incident's meta item, conditional on its version; the update; its timeline event, both
// conditional on not existing yet), read back from the table, so that sizes and indexes match.
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EVENT_SK_PREFIX, META_SK, UPDATE_SK_PREFIX, keys } from '#adapters/dynamodb/keys';

type Item = Record<string, unknown>;

export interface UpdateItems {
  meta: Item;
  update: Item;
  event: Item;
}

/** One update's three items, as Herald wrote them for incident `id` (which has at least one update). */
export async function updateItemsOf(doc: DynamoDBDocumentClient, tableName: string, id: string): Promise<UpdateItems> {
  const { Items = [] } = await doc.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.incidentPartition(id) } }),
  );
  const find = (test: (sk: string) => boolean, what: string) => {
    const item = Items.find((i) => test(String(i.sk)));
    if (!item) throw new Error(`incident ${id} has no ${what} item`);
    return item;
  };
  return {
    meta: find((sk) => sk === META_SK, 'meta'),
    update: find((sk) => sk.startsWith(UPDATE_SK_PREFIX), 'update'),
    event: find((sk) => sk.startsWith(EVENT_SK_PREFIX), 'timeline event'),
  };
}

export interface FloorResult {
  /** Transactions committed per second. */
  perSecond: number;
  p50: number;
  p99: number;
  committed: number;
  failed: number;
}

/** `connections` callers, each on its own partition, for `seconds`. `run` names the partitions apart. */
export async function transactFloor(
  doc: DynamoDBDocumentClient,
  tableName: string,
  template: UpdateItems,
  options: { connections: number; seconds: number; run: string },
): Promise<FloorResult> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const until = started + options.seconds * 1000;
  const caller = async (c: number) => {
    const pk = `BENCHFLOOR#${options.run}#${c}`;
    for (let version = 0; performance.now() < until; version++) {
      const seq = String(version + 1).padStart(6, '0');
      const t = performance.now();
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...template.meta, pk, version: version + 1 },
                  ConditionExpression: 'attribute_not_exists(pk) OR version = :expected',
                  ExpressionAttributeValues: { ':expected': version },
                },
              },
              { Put: { TableName: tableName, Item: { ...template.update, pk, sk: `${UPDATE_SK_PREFIX}${seq}`, seq: version + 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: tableName, Item: { ...template.event, pk, sk: `${EVENT_SK_PREFIX}${seq}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
        latencies.push(performance.now() - t);
      } catch {
        failed++;
        version--; // the same version again
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, c) => caller(c)));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), committed: latencies.length, failed };
}
