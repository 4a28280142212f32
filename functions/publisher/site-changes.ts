// Which parts of the site a batch of table changes concerns.
import type { DynamoDBRecord } from 'aws-lambda';
import { decodeRecord } from '#adapters/stream/decode';
import { writtenByImport } from '#core/import-source';
import { monthOf } from './render/site-data';
import type { SiteChange } from './render/site-files';

export function siteChangesOf(records: readonly DynamoDBRecord[]): SiteChange[] {
  const changes: SiteChange[] = [];
  for (const record of records) {
    const { type, newItem, oldItem, eventName } = decodeRecord(record);
    const item = newItem ?? oldItem ?? {};
    // Imported writes are published once, at the end of the import (its site_rebuild request).
    if (newItem && writtenByImport(newItem)) continue;
    switch (type) {
      case 'site_rebuild':
        changes.push({ kind: 'config' });
        break;
      case 'incident':
        changes.push({ kind: 'incident', id: String(item.id), ...left(oldItem?.created_at, newItem?.created_at) });
        break;
      case 'incident_update':
        changes.push({ kind: 'incident', id: String(item.incident_id) });
        break;
      case 'maintenance':
        changes.push({ kind: 'maintenance', id: String(item.maintenance_id ?? item.id), ...left(oldItem?.scheduled_for, newItem?.scheduled_for) });
        break;
      case 'maintenance_update':
        changes.push({ kind: 'maintenance', id: String(item.maintenance_id ?? item.id) });
        break;
      case 'component': {
        const renamed = eventName !== 'MODIFY' || newItem?.name !== oldItem?.name || newItem?.group_id !== oldItem?.group_id;
        changes.push({ kind: 'component', id: String(item.id), renamed });
        break;
      }
      case 'component_status':
        changes.push({ kind: 'component', id: String(item.component_id), renamed: false });
        break;
      default:
        break; // keys, idempotency records, subscribers, mail: not on the page
    }
  }
  return changes;
}

/**
 * The history month a record's old image was listed in, when its new image is listed in another
 * (or there is none: it was deleted): that month's page must drop it.
 */
function left(before: unknown, after: unknown): { previousMonth?: string } {
  if (typeof before !== 'string' || Number.isNaN(Date.parse(before))) return {};
  const month = monthOf(before);
  return typeof after === 'string' && !Number.isNaN(Date.parse(after)) && monthOf(after) === month ? {} : { previousMonth: month };
}

/** A change that reaches pages beyond what an incremental load covers: rebuild everything. */
export function needsFullRebuild(changes: readonly SiteChange[]): boolean {
  return changes.some((c) => c.kind === 'config' || (c.kind === 'component' && c.renamed === true));
}
