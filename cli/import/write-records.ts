// Writes mapped records into Herald through /v1 (PUT /v1/imports/…, POST /v1/subscribers), a few at
// a time, kind by kind (groups before the components that name them), and tallies what happened to
// each: created, updated (with the first differences), same, skipped (with why). A refusal of one
// record skips that record; Herald out of reach stops the run (run it again: it resumes).
import type { HeraldClient } from '../api-client';
import { ApiRefusedError, problemText } from '../errors';
import type { Progress } from '../output/progress';
import { KIND_ORDER, type ImportKind, type Mapped, type MappedSubscriber } from './records';

export type Outcome = 'created' | 'updated' | 'same' | 'skipped';

export interface Detail {
  kind: ImportKind | 'subscriber';
  source_id: string;
  label: string;
  result: Outcome;
  id?: string;
  differences?: Array<{ field: string; before: unknown; after: unknown }>;
  reason?: string;
  notes?: string[];
}

export interface ImportReport {
  system: string;
  dry_run: boolean;
  counts: Record<string, Record<Outcome, number>>;
  details: Detail[];
  /** When the page was asked to rebuild (not on a dry run). */
  rebuild_requested_at: string | null;
}

interface PutAnswer {
  result: 'created' | 'updated' | 'same';
  id: string;
  differences: Detail['differences'];
  warnings: string[];
}

interface SubscriberAnswer {
  imported: number;
  skipped: number;
  skipped_addresses: Array<{ email: string; reason: string }>;
  would_import?: string[];
}

export interface WriteOptions {
  system: string;
  dryRun: boolean;
  /** Records in flight at once (default 4). */
  concurrency?: number;
  progress?: Progress;
  /** Records larger than this are skipped before sending (the API takes 64 KiB). */
  maxBodyBytes?: number;
}

const SUBSCRIBERS_PER_CALL = 1000;

export async function writeRecords(client: HeraldClient, mapped: Mapped, options: WriteOptions): Promise<ImportReport> {
  const report: ImportReport = { system: options.system, dry_run: options.dryRun, counts: {}, details: [], rebuild_requested_at: null };
  const count = (kind: string, result: Outcome) => {
    const counts = (report.counts[kind] ??= { created: 0, updated: 0, same: 0, skipped: 0 });
    counts[result]++;
  };
  for (const s of mapped.skipped) {
    count(s.kind, 'skipped');
    report.details.push({ kind: s.kind, source_id: s.sourceId, label: s.label, result: 'skipped', reason: s.reason });
  }
  const total = mapped.records.length + mapped.subscribers.length;
  options.progress?.start(total);
  /** Source component id → Herald id, for subscribers' filters (only ids that exist in Herald). */
  const componentIds = new Map<string, string>();
  const maxBytes = options.maxBodyBytes ?? 64 * 1024;

  for (const kind of KIND_ORDER) {
    const records = mapped.records.filter((r) => r.kind === kind);
    await inParallel(records, options.concurrency ?? 4, async (r) => {
      const body = { record: r.record, ...(options.dryRun ? { dry_run: true } : {}) };
      const detail: Detail = { kind, source_id: r.sourceId, label: r.label, result: 'skipped', ...(r.notes.length > 0 ? { notes: [...r.notes] } : {}) };
      const bytes = Buffer.byteLength(JSON.stringify(body));
      if (bytes > maxBytes) {
        detail.reason = `larger than the API takes in one request (${Math.ceil(bytes / 1024)} KiB of ${maxBytes / 1024} KiB)`;
      } else {
        try {
          const answer = await client.put<PutAnswer>(`/imports/${kind}/${options.system}/${encodeURIComponent(r.sourceId)}`, body);
          detail.result = answer.result;
          detail.id = answer.id;
          if (answer.differences && answer.differences.length > 0) detail.differences = answer.differences;
          if (answer.warnings.length > 0) detail.notes = [...(detail.notes ?? []), ...answer.warnings];
          if ((kind === 'component' || kind === 'component_group') && !(options.dryRun && answer.result === 'created')) componentIds.set(r.sourceId, answer.id);
        } catch (error) {
          if (!(error instanceof ApiRefusedError)) throw error;
          detail.reason = problemText(error.problem).replace(/\n\s*/g, '; ');
        }
      }
      count(kind, detail.result);
      report.details.push(detail);
      options.progress?.advance(1);
    });
  }

  const chunks: MappedSubscriber[][] = [];
  for (let i = 0; i < mapped.subscribers.length; i += SUBSCRIBERS_PER_CALL) chunks.push(mapped.subscribers.slice(i, i + SUBSCRIBERS_PER_CALL));
  await inParallel(chunks, Math.min(4, options.concurrency ?? 4), async (chunk) => {
    await writeSubscribers(client, chunk, componentIds, options, (detail) => {
      count('subscriber', detail.result);
      if (detail.result === 'skipped' || options.dryRun) report.details.push(detail);
    });
    options.progress?.advance(chunk.length);
  });
  options.progress?.stop();

  if (!options.dryRun) {
    const finished = await client.post<{ rebuild_requested_at: string }>('/imports/finish', {});
    report.rebuild_requested_at = finished.rebuild_requested_at;
  }
  if (options.dryRun) dropForwardReferences(report);
  report.details.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.label.localeCompare(b.label));
  return report;
}

async function writeSubscribers(
  client: HeraldClient,
  chunk: MappedSubscriber[],
  componentIds: Map<string, string>,
  options: WriteOptions,
  record: (detail: Detail) => void,
) {
  const notes = new Map<string, string[]>();
  const subscribers = chunk.map((s) => {
    const ids = s.components.flatMap((c) => {
      const id = componentIds.get(c);
      if (!id) (notes.get(s.email) ?? notes.set(s.email, []).get(s.email)!).push(`component ${c} is not in Herald; left out of the filter`);
      return id ? [id] : [];
    });
    return { email: s.email, ...(ids.length > 0 ? { components: [...new Set(ids)] } : {}) };
  });
  const bySource = new Map(chunk.map((s) => [s.email.trim().toLowerCase(), s]));
  let answer: SubscriberAnswer;
  try {
    answer = await client.post<SubscriberAnswer>('/subscribers', { subscribers, confirmed: true, ...(options.dryRun ? { dry_run: true } : {}) });
  } catch (error) {
    if (!(error instanceof ApiRefusedError)) throw error;
    const reason = problemText(error.problem).replace(/\n\s*/g, '; ');
    for (const s of chunk) record({ kind: 'subscriber', source_id: s.sourceId, label: s.email, result: 'skipped', reason });
    return;
  }
  const skipped = new Map(answer.skipped_addresses.map((s) => [s.email.trim().toLowerCase(), s.reason]));
  for (const [email, s] of bySource) {
    const reason = skipped.get(email);
    const extra = notes.get(s.email);
    const base = { kind: 'subscriber' as const, source_id: s.sourceId, label: s.email, ...(extra ? { notes: extra } : {}) };
    if (reason === 'exists') record({ ...base, result: 'same' });
    else if (reason) record({ ...base, result: 'skipped', reason: `Herald: ${reason}` });
    else record({ ...base, result: 'created' });
  }
}

/** A dry run writes nothing, so a reference to a record the same run would create looks missing: not worth a note. */
function dropForwardReferences(report: ImportReport) {
  const wouldCreate = new Set(report.details.filter((d) => d.result === 'created').map((d) => d.source_id));
  for (const d of report.details) {
    if (!d.notes) continue;
    d.notes = d.notes.filter((note) => {
      const match = /(?:component|group) (\S+) (?:was not imported|is not in Herald)/.exec(note);
      return !match || !wouldCreate.has(match[1]!);
    });
    if (d.notes.length === 0) delete d.notes;
  }
}

const RANK = [...KIND_ORDER, 'subscriber'];
const kindRank = (kind: string) => RANK.indexOf(kind);

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
