// Records moved in from another status page (or restored from a Herald export) carry where they came
// from, so a second run of the same import finds them and changes nothing, and so the workers that
// react to changes (mail, channels, reminders, the per-change publish) can tell an imported write
// from a live one. Pure: no I/O.

export const IMPORT_SYSTEMS = ['statuspage', 'cachet', 'herald'] as const;
export type ImportSystem = (typeof IMPORT_SYSTEMS)[number];

export const IMPORT_KINDS = ['component_group', 'component', 'incident', 'maintenance', 'template'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportSource {
  system: ImportSystem;
  /** The record's id in the source system. */
  id: string;
  /**
   * The record's `version` as the import wrote it (records that have a version). A later live change
   * moves `version` on and leaves this as it was: the record's current state is then no longer the
   * import's.
   */
  version?: number;
}

/**
 * True when the record's current state was written by an import: an update item that carries a
 * source, or a versioned record whose version is still the one its import wrote. Such writes notify
 * nobody, deliver to no channel, remind nobody and are published once, at the end of the import.
 */
export function writtenByImport(record: { source?: unknown; version?: unknown } | undefined | null): boolean {
  const source = record?.source as ImportSource | null | undefined;
  if (!source || typeof source !== 'object') return false;
  if (source.version === undefined) return record?.version === undefined;
  return source.version === record?.version;
}

export interface FieldDifference {
  field: string;
  before: unknown;
  after: unknown;
}

/** Field-by-field differences between two records (nested objects and arrays by path), at most `limit`. */
export function recordDifferences(before: unknown, after: unknown, limit = 10, path = ''): FieldDifference[] {
  const out: FieldDifference[] = [];
  const walk = (a: unknown, b: unknown, at: string) => {
    if (out.length >= limit) return;
    if (Object.is(a, b)) return;
    const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object';
    if (bothObjects && Array.isArray(a) === Array.isArray(b)) {
      const names = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const name of [...names].sort(byIndexThenName)) {
        const av = (a as Record<string, unknown>)[name];
        const bv = (b as Record<string, unknown>)[name];
        if (av === undefined && bv === undefined) continue;
        walk(av, bv, at === '' ? name : Array.isArray(a) ? `${at}[${name}]` : `${at}.${name}`);
      }
      return;
    }
    // Absent and null say the same thing about an optional field.
    if ((a === undefined || a === null) && (b === undefined || b === null)) return;
    out.push({ field: at, before: a ?? null, after: b ?? null });
  };
  walk(before, after, path);
  return out;
}

function byIndexThenName(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  return a.localeCompare(b);
}
