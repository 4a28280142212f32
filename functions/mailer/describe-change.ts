// What a notifying update says, read once when its fan-out starts: the words of the mail and the
// components whose subscribers hear of it.
import type { Store } from '#app/ports/store';
import { notificationId, type Notification, type NotificationContent } from '#app/notifications/notification';
import { writtenByImport } from '#core/import-source';
import type { Component, ComponentChange } from '#core/model';

/** A stream image of an incident_update or maintenance_update item with notify set. */
export interface NotifyingChange {
  kind: 'incident' | 'maintenance';
  subjectId: string;
  seq: number;
  status: string;
  message: string;
  createdAt: string;
  componentChanges: ComponentChange[];
  /** The incident update's promise of the next one; null when none (maintenance: always null). */
  nextUpdateAt: string | null;
}

/** The change an INSERTed update item stands for, or null when it does not notify. */
export function notifyingChange(type: string | undefined, item: Record<string, unknown> | undefined): NotifyingChange | null {
  // Imported history notifies nobody (app/imports), whatever its source's notify said.
  if (!item || item.notify !== true || writtenByImport(item)) return null;
  if (type === 'incident_update') {
    return {
      kind: 'incident',
      subjectId: String(item.incident_id),
      seq: Number(item.seq),
      status: String(item.status),
      message: String(item.message ?? ''),
      createdAt: String(item.created_at),
      componentChanges: (item.component_changes as ComponentChange[] | undefined) ?? [],
      nextUpdateAt: typeof item.next_update_at === 'string' ? item.next_update_at : null,
    };
  }
  if (type === 'maintenance_update') {
    return {
      kind: 'maintenance',
      subjectId: String(item.maintenance_id),
      seq: Number(item.seq),
      status: String(item.status),
      message: String(item.message ?? ''),
      createdAt: String(item.created_at),
      componentChanges: [],
      nextUpdateAt: null,
    };
  }
  return null;
}

/** The named components, their groups, and a named group's members: a subscriber who picked any
 *  of them is affected. */
export function affectedComponentIds(named: Iterable<string>, components: readonly Component[]): string[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  const ids = new Set<string>();
  for (const id of named) {
    ids.add(id);
    const component = byId.get(id);
    if (component?.group_id) ids.add(component.group_id);
    if (component?.group) for (const member of components) if (member.group_id === id) ids.add(member.id);
  }
  return [...ids].sort();
}

/** The notification for a change (null when its incident or maintenance is gone). */
export async function describeChange(store: Store, change: NotifyingChange, now: string): Promise<Notification | null> {
  const components = await store.components.list();
  const names = new Map(components.map((c) => [c.id, c.name]));
  let content: NotificationContent;
  if (change.kind === 'incident') {
    const incident = await store.incidents.get(change.subjectId);
    if (!incident) return null;
    const named = [...change.componentChanges.map((c) => c.id), ...incident.component_ids];
    content = {
      kind: 'incident',
      subject_id: incident.id,
      seq: change.seq,
      title: incident.title,
      status: change.status,
      message: change.message,
      posted_at: change.createdAt,
      window: null,
      affected: change.componentChanges.map((c) => ({ name: names.get(c.id) ?? c.name, status: c.new_status })),
      components: affectedComponentIds(named, components),
      next_update_at: change.status === 'resolved' ? null : change.nextUpdateAt,
    };
  } else {
    const maintenance = await store.maintenances.get(change.subjectId);
    if (!maintenance) return null;
    content = {
      kind: 'maintenance',
      subject_id: maintenance.id,
      seq: change.seq,
      title: maintenance.title,
      status: change.status,
      message: change.message,
      posted_at: change.createdAt,
      window: { from: maintenance.scheduled_for, until: maintenance.scheduled_until },
      affected: maintenance.component_ids.flatMap((id) => (names.has(id) ? [{ name: names.get(id)!, status: null }] : [])),
      components: affectedComponentIds(maintenance.component_ids, components),
    };
  }
  return {
    ...content,
    id: notificationId(change.kind, change.subjectId, change.seq),
    plan_step: 0,
    cursor: null,
    planned: false,
    batches: 0,
    recipients: 0,
    created_at: now,
  };
}
