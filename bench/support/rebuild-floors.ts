// The floors of a full rebuild, each measured alone with nothing of Herald's around it:
// (a) reading every item the site is built from straight from the table with plain SDK calls,
// (b) rendering every page from data already in memory (the same renderer, no I/O),
// (c) writing the same bytes to a folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#adapters/dynamodb/client';
import { META_SK, keys } from '#adapters/dynamodb/keys';
import { mapWithConcurrency } from '#adapters/dynamodb/map-with-concurrency';
import type { SiteData } from '#publisher/render/site-data';
import { renderSiteFiles, type SiteFile } from '#publisher/render/site-files';

/** Every item of the table by a Scan in `segments` parallel segments, no filter, no decoding
 * beyond the document client's: the least a reader can do. Returns the number of items. */
export async function scanFloor({ doc, tableName }: TableContext, segments: number): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let count = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(new ScanCommand({ TableName: tableName, Segment: segment, TotalSegments: segments, ExclusiveStartKey }));
        count += page.Items?.length ?? 0;
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return count;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** The same items by Queries: the incidents' META items from gsi1 (both states), then each
 * incident's partition, `concurrency` queries in flight. Returns the number of items. */
export async function queryFloor({ doc, tableName }: TableContext, concurrency: number): Promise<number> {
  const query = async (input: ConstructorParameters<typeof QueryCommand>[0]) => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };
  const metas = (
    await Promise.all(
      (['open', 'resolved'] as const).map((state) =>
        query({ TableName: tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.incidentsByStatePartition(state) }, ProjectionExpression: 'pk' }),
      ),
    )
  ).flat();
  const partitions = await mapWithConcurrency(metas, concurrency, (meta) =>
    query({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND sk >= :meta', ExpressionAttributeValues: { ':pk': meta.pk, ':meta': META_SK } }),
  );
  return partitions.reduce((n, items) => n + items.length, 0);
}

/** Every file of the site rendered from data in memory. */
export function renderFloor(data: SiteData): Promise<SiteFile[]> {
  return renderSiteFiles(data, 'all');
}

/** The files written to `root` with plain writes (`concurrency` in flight), folders made first. */
export async function writeFloor(root: string, files: readonly SiteFile[], concurrency: number): Promise<void> {
  const folders = new Set(files.map((file) => dirname(join(root, file.path))));
  await mapWithConcurrency([...folders], concurrency, (folder) => mkdir(folder, { recursive: true }));
  await mapWithConcurrency([...files], concurrency, (file) => writeFile(join(root, file.path), file.body));
}
