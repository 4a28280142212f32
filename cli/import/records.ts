// What a mapper hands the importer: Herald import records (PUT /v1/imports/{kind}/{system}/{id},
// see docs/import-api.md), the records it could not map and why, and the subscribers.

export type ImportKind = 'component_group' | 'component' | 'incident' | 'maintenance' | 'template';
export const KIND_ORDER: readonly ImportKind[] = ['component_group', 'component', 'incident', 'maintenance', 'template'];

export interface MappedRecord {
  kind: ImportKind;
  sourceId: string;
  /** One line naming it for people ("Checkout is failing (2025-03-04)"). */
  label: string;
  record: Record<string, unknown>;
  /** What was cleaned (cut, control characters removed, a change left out). */
  notes: string[];
}

export interface SkippedRecord {
  kind: ImportKind | 'subscriber';
  sourceId: string;
  label: string;
  reason: string;
}

export interface MappedSubscriber {
  sourceId: string;
  email: string;
  /** Source component ids. */
  components: string[];
}

export interface Mapped {
  records: MappedRecord[];
  subscribers: MappedSubscriber[];
  skipped: SkippedRecord[];
  /** Subscribers still being read from the source when the records are written (and the ones of
   *  them that could not be mapped): written as they arrive, alongside the records. */
  later?: Promise<{ subscribers: MappedSubscriber[]; skipped: SkippedRecord[] }>;
}
