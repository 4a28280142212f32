// Which table-stream records are channel changes, and what each one is: an INSERTed incident update
// (public), a component whose status moved (the component item's MODIFY: its old and new images
// carry both statuses; it is written in the same transaction as the status-history item), an
// INSERTed maintenance update, an INSERTed incident timeline event (internal only). Each change has
// an id derived from the item (so a replayed record is the same change), the components it
// concerns, and who may hear of it.
import type { ChannelChange } from '#app/channels/change';
import type { Store } from '#app/ports/store';
import type { DecodedRecord } from '#adapters/stream/decode';
import { affectedComponentIds } from '#mailer/describe-change';
import { writtenByImport } from '#core/import-source';
import type { Component } from '#core/model';
import type { TimelineEvent } from '#core/timeline';

/** The item types the channel worker reads. */
export const CHANNEL_TYPES = new Set(['incident_update', 'maintenance_update', 'component', 'incident_event']);

export interface DerivedChange {
  change: ChannelChange;
  /** Component ids (with their groups and a group's members) it concerns; empty: none named. */
  components: string[];
  /** false: internal endpoints only (internal events, and updates posted without notify). */
  isPublic: boolean;
  /** A newer delivery of the same subject supersedes an older one that keeps failing; empty: never. */
  subject: string;
}

const BOOKKEEPING = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type', 'expires_at']);
function record<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !BOOKKEEPING.has(name))) as T;
}

/** The change a record stands for, or null (not a channel change, or its subject is gone). */
export async function deriveChange(store: Store, rec: DecodedRecord, componentsNow: () => Promise<Component[]>): Promise<DerivedChange | null> {
  const { eventName, type, newItem, oldItem } = rec;
  if (!newItem) return null;
  // Imported history (app/imports) is delivered to no channel.
  if (writtenByImport(newItem)) return null;
  if (eventName === 'INSERT' && type === 'incident_update') {
    const incidentId = String(newItem.incident_id);
    const seq = Number(newItem.seq);
    const incident = await store.incidents.get(incidentId);
    if (!incident) return null;
    // The incident as it stood after this update (the stream may lag behind later ones).
    const asOf = { ...incident, updates: incident.updates.filter((u) => u.seq <= seq) };
    const named = [...incident.component_ids, ...((newItem.component_changes as Array<{ id: string }> | undefined) ?? []).map((c) => c.id)];
    return {
      change: { type: 'incident_update', id: `incident_update:${incidentId}:${seq}`, incident: asOf, seq, at: String(newItem.created_at) },
      components: affectedComponentIds(named, await componentsNow()),
      isPublic: newItem.notify !== false,
      subject: `incident:${incidentId}`,
    };
  }
  if (eventName === 'INSERT' && type === 'maintenance_update') {
    const maintenanceId = String(newItem.maintenance_id);
    const seq = Number(newItem.seq);
    const maintenance = await store.maintenances.get(maintenanceId);
    if (!maintenance) return null;
    const asOf = { ...maintenance, updates: maintenance.updates.filter((u) => u.seq <= seq) };
    return {
      change: { type: 'maintenance_update', id: `maintenance_update:${maintenanceId}:${seq}`, maintenance: asOf, seq, at: String(newItem.created_at) },
      components: affectedComponentIds(maintenance.component_ids, await componentsNow()),
      isPublic: newItem.notify !== false,
      subject: `maintenance:${maintenanceId}`,
    };
  }
  if (eventName === 'MODIFY' && type === 'component' && oldItem && oldItem.status !== newItem.status) {
    const component = record<Component>(newItem);
    return {
      change: {
        type: 'component_status',
        id: `component_status:${component.id}:${component.version}`,
        component,
        old_status: oldItem.status as Component['status'],
        new_status: component.status,
        at: component.updated_at,
      },
      components: affectedComponentIds([component.id], await componentsNow()),
      isPublic: true,
      subject: `component:${component.id}`,
    };
  }
  if (eventName === 'INSERT' && type === 'incident_event') {
    const event = record<TimelineEvent>(newItem);
    const incident = await store.incidents.get(event.incident_id);
    if (!incident) return null;
    return {
      change: { type: 'internal_event', id: `internal_event:${event.incident_id}:${event.at}#${event.n}`, incident, event, at: event.at },
      components: affectedComponentIds(incident.component_ids, await componentsNow()),
      isPublic: false,
      subject: '',
    };
  }
  return null;
}
