// The floors of bench:channels, measured in the same run on the same machine: the loopback POSTs
// alone (as many as there are healthy endpoints, through the worker's own HTTP client, as many at
// once as the worker's slots, to the same receivers on a path no endpoint has), and DynamoDB
// Local's cost of one write per healthy endpoint — a conditional PutItem each (50 callers), and
// unconditional puts 25 to a BatchWriteItem (4 requests in flight, as the ledger sends attempts).
import { BatchWriteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { postChannelRequest, POST_DEFAULTS } from '#channels/http-post';

export interface ChannelFloor {
  postsMs: number;
  conditionalPutsMs: number;
  batchPutsMs: number;
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!);
  }));
}

export async function channelFloor(options: { doc: DynamoDBDocumentClient; tableName: string; urls: string[]; body: string; slots: number; run: string }): Promise<ChannelFloor> {
  const { doc, tableName, urls, body } = options;
  const n = urls.length;
  let t = performance.now();
  await pool(urls, options.slots, async (url) => {
    await postChannelRequest(url, { body, headers: { 'content-type': 'application/json' } }, POST_DEFAULTS);
  });
  const postsMs = performance.now() - t;

  const item = (i: number, kind: string) => ({ pk: `BENCHFLOOR#${options.run}#${kind}#${i}`, sk: 'X', type: 'bench_floor', endpoint_id: `ep-${i}`, at: new Date().toISOString(), n: i });
  t = performance.now();
  await pool(Array.from({ length: n }, (_, i) => i), 50, async (i) => {
    await doc.send(new PutCommand({ TableName: tableName, Item: item(i, 'cond'), ConditionExpression: 'attribute_not_exists(pk)' }));
  });
  const conditionalPutsMs = performance.now() - t;

  t = performance.now();
  const batches: number[][] = [];
  for (let i = 0; i < n; i += 25) batches.push(Array.from({ length: Math.min(25, n - i) }, (_, k) => i + k));
  await pool(batches, 4, async (batch) => {
    let pending = batch.map((i) => ({ PutRequest: { Item: item(i, 'batch') } }));
    while (pending.length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
  const batchPutsMs = performance.now() - t;
  return { postsMs, conditionalPutsMs, batchPutsMs };
}
