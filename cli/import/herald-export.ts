// A Herald export (docs/export-format.md): everything GET /v1/exports/{kind} gives, in one
// versioned JSON document; and the reverse, a document read back as records to restore.
import type { HeraldClient } from '../api-client';
import type { Mapped, MappedRecord } from './records';

export const EXPORT_FORMAT = 'herald-export';
export const EXPORT_VERSION = 1;

export interface HeraldExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported_at: string;
  /** The Herald it came from. */
  source: string;
  components: Array<Record<string, unknown>>;
  incidents: Array<Record<string, unknown>>;
  maintenances: Array<Record<string, unknown>>;
  templates: Array<Record<string, unknown>>;
  /** Present only with --include-subscribers: confirmed subscribers. */
  subscribers?: Array<{ email: string; components: string[]; created_at: string; confirmed_at: string | null }>;
}

type Kind = 'components' | 'incidents' | 'maintenances' | 'templates' | 'subscribers';

export async function exportAll(
  client: HeraldClient,
  options: { includeSubscribers: boolean; now: Date; onPage?: (kind: Kind, records: number) => void },
): Promise<HeraldExport> {
  const read = async (kind: Kind) => {
    const records: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const page: { records: Array<Record<string, unknown>>; next_cursor: string | null } = await client.get(`/exports/${kind}`, cursor ? { cursor } : undefined);
      records.push(...page.records);
      options.onPage?.(kind, page.records.length);
      cursor = page.next_cursor;
    } while (cursor);
    return records;
  };
  const out: HeraldExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: options.now.toISOString(),
    source: client.baseUrl,
    components: await read('components'),
    incidents: await read('incidents'),
    maintenances: await read('maintenances'),
    templates: await read('templates'),
  };
  if (options.includeSubscribers) out.subscribers = (await read('subscribers')) as HeraldExport['subscribers'];
  return out;
}

/** What is wrong with a document that should be an export; null when it is one this CLI reads. */
export function exportProblem(doc: unknown): string | null {
  if (typeof doc !== 'object' || doc === null) return 'not a JSON object';
  const d = doc as Record<string, unknown>;
  if (d.format !== EXPORT_FORMAT) return `not a Herald export (format is ${JSON.stringify(d.format)}, not "${EXPORT_FORMAT}")`;
  if (d.version !== EXPORT_VERSION) return `export format version ${JSON.stringify(d.version)}; this herald reads version ${EXPORT_VERSION}`;
  for (const list of ['components', 'incidents', 'maintenances', 'templates'] as const) {
    if (!Array.isArray(d[list])) return `"${list}" is missing or not a list`;
  }
  if (d.subscribers !== undefined && !Array.isArray(d.subscribers)) return '"subscribers" is not a list';
  return null;
}

/** The export's records as a restore writes them (`herald` system: ids kept). */
export function mapHeraldExport(doc: HeraldExport): Mapped {
  const records: MappedRecord[] = [];
  const skipped: Mapped['skipped'] = [];
  const add = (kind: MappedRecord['kind'], r: Record<string, unknown>, label: unknown) => {
    if (typeof r.id !== 'string' || r.id === '') {
      skipped.push({ kind, sourceId: '?', label: String(label ?? '?'), reason: 'no id' });
      return;
    }
    records.push({ kind, sourceId: r.id, label: String(label ?? r.id), record: r, notes: [] });
  };
  for (const c of doc.components) add(c.group === true ? 'component_group' : 'component', c, c.name);
  for (const i of doc.incidents) add('incident', i, `${String(i.title)} (${i.id})`);
  for (const m of doc.maintenances) add('maintenance', m, m.title);
  for (const t of doc.templates) add('template', t, t.name);
  const subscribers = (doc.subscribers ?? []).map((s) => ({ sourceId: s.email, email: s.email, components: s.components ?? [] }));
  return { records, subscribers, skipped };
}
