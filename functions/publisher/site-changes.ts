// Which parts of the site a batch of table changes concerns.
import type { DynamoDBRecord } from 'aws-lambda';
import { decodeRecord } from '#adapters/stream/decode';
import { writtenByImport } from '#core/import-source';
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
        changes.push({ kind: 'incident', id: String(item.id) });
        break;
      case 'incident_update':
        changes.push({ kind: 'incident', id: String(item.incident_id) });
        break;
      case 'maintenance':
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

/** A change that reaches pages beyond what an incremental load covers: rebuild everything. */
export function needsFullRebuild(changes: readonly SiteChange[]): boolean {
  return changes.some((c) => c.kind === 'config' || (c.kind === 'component' && c.renamed === true));
}
