// DynamoDB Local's own floor for bench/import.ts: copies of the items an import writes (an imported
// incident's partition, its mapping, a subscriber), written to fresh keys through the same SDK
// document client Herald uses, by `callers` at once, with no Herald in the way: in 25-item
// TransactWriteItems (each item conditioned on not existing, as Herald's creates are), as single
// conditional puts, and in unconditional 25-item BatchWriteItem calls (as the children-first
// incident imports write most of their items). Also the CPU seconds a process has used (/proc), to tell DynamoDB Local's
// share of a run from Herald's.
import { readFileSync, readdirSync } from 'node:fs';
import { BatchWriteCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** The items to copy: everything under the given partition keys (read back as Herald wrote them). */
export async function itemsOf(doc: DynamoDBDocumentClient, tableName: string, partitions: readonly string[]): Promise<Item[]> {
  const items: Item[] = [];
  for (const pk of partitions) {
    const out = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
    items.push(...((out.Items ?? []) as Item[]));
  }
  if (items.length === 0) throw new Error('no items to copy for the floor');
  return items;
}

/** Items a second DynamoDB Local stores, for `seconds`, `perCall` items a call (1: a conditional put),
 *  and how many it stored in all. */
export async function writeFloor(
  doc: DynamoDBDocumentClient,
  tableName: string,
  templates: readonly Item[],
  options: { callers: number; seconds: number; perCall: number; run: string; batch?: boolean },
): Promise<{ perSecond: number; items: number }> {
  let n = 0;
  let written = 0;
  const copy = (): Item => {
    const template = templates[n % templates.length]!;
    n++;
    // Fresh keys; the index keys of the template kept (same indexes written).
    return { ...template, pk: `IMPORTFLOOR#${options.run}#${n}`, sk: String(template.sk) };
  };
  const started = performance.now();
  const until = started + options.seconds * 1000;
  const caller = async () => {
    while (performance.now() < until) {
      if (options.batch) {
        let pending = Array.from({ length: options.perCall }, () => ({ PutRequest: { Item: copy() } }));
        while (pending.length > 0) {
          const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      } else if (options.perCall === 1) {
        await doc.send(new PutCommand({ TableName: tableName, Item: copy(), ConditionExpression: 'attribute_not_exists(pk)' }));
      } else {
        const TransactItems = Array.from({ length: options.perCall }, () => ({ Put: { TableName: tableName, Item: copy(), ConditionExpression: 'attribute_not_exists(pk)' } }));
        await doc.send(new TransactWriteCommand({ TransactItems }));
      }
      written += options.perCall;
    }
  };
  await Promise.all(Array.from({ length: options.callers }, caller));
  return { perSecond: written / ((performance.now() - started) / 1000), items: written };
}

/** CPU seconds (user + system) a process has used, from /proc; null where there is no /proc. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return null;
  }
}

/** The pid of the DynamoDB Local JVM listening on `port`, or null. */
export function dynamoDbLocalPid(port: string): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      const args = cmdline.split('\0');
      if (!/java/.test(readFileSync(`/proc/${entry}/comm`, 'utf8'))) continue;
      if (args.some((a) => a.includes('DynamoDBLocal')) && args[args.indexOf('-port') + 1] === port) return Number(entry);
    }
  } catch {
    // no /proc
  }
  return null;
}

/**
 * BENCH_PROFILE=1: every DynamoDB call this process makes through a document client, counted by
 * command, with the items it wrote by kind of write (a transaction's Put/Update/Delete/ConditionCheck
 * items, a batch's puts and deletes). Wraps the prototype's send, so the clients made after this
 * call and before it are counted alike.
 */
export function countDynamoRequests(prototype: { send: (...args: never[]) => unknown }) {
  let calls = new Map<string, number>();
  let writes = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
  const original = prototype.send;
  prototype.send = function (this: unknown, ...args: never[]) {
    const command = args[0] as { constructor: { name: string }; input?: Record<string, unknown> } | undefined;
    const name = command?.constructor.name.replace(/Command$/, '') ?? '?';
    add(calls, name);
    const input = command?.input ?? {};
    if (name === 'TransactWrite') {
      for (const item of (input.TransactItems as Array<Record<string, unknown>>) ?? []) add(writes, `transaction ${Object.keys(item)[0]}`);
    } else if (name === 'BatchWrite') {
      for (const requests of Object.values((input.RequestItems as Record<string, Array<Record<string, unknown>>>) ?? {})) {
        for (const request of requests) add(writes, `batch ${Object.keys(request)[0]}`);
      }
    } else if (name === 'Put' || name === 'Update' || name === 'Delete') add(writes, `single ${name}`);
    return original.apply(this, args as never);
  } as typeof prototype.send;
  return {
    report(): string {
      const line = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ');
      return `  DynamoDB calls: ${line(calls)}\n  items written: ${line(writes)}`;
    },
    reset() {
      calls = new Map();
      writes = new Map();
    },
  };
}

/** The table's items by their `type` attribute (a Scan: for a bench's report only). */
export async function itemsByType(doc: DynamoDBDocumentClient, tableName: string): Promise<string> {
  const counts = new Map<string, number>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: tableName, ProjectionExpression: '#t', ExpressionAttributeNames: { '#t': 'type' }, ExclusiveStartKey }));
    for (const item of out.Items ?? []) counts.set(String(item.type ?? '?'), (counts.get(String(item.type ?? '?')) ?? 0) + 1);
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ');
}
