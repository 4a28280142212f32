// Writes mapped records into Herald through /v1 (PUT /v1/imports/{kind}/{system}, up to 50 records a
// request, a few requests at a time; POST /v1/subscribers), kind by kind (groups before the
// components that name them; subscribers, which name only components, alongside the incidents and
// the rest once the components are in, and as soon as the source has given them), and tallies what
// happened to each: created, updated (with the first differences), same, skipped (with why). A
// refusal of one record skips that record; Herald out of reach stops the run (run it again: it resumes).
import type { HeraldClient } from '../api-client';
import { ApiRefusedError, problemText, type Problem } from '../errors';
import type { Progress } from '../output/progress';
import { KIND_ORDER, type ImportKind, type Mapped, type MappedRecord, type MappedSubscriber } from './records';

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

/** PUT /v1/imports/{kind}/{system}: one result per record, in order. */
interface BatchAnswer {
  results: Array<{ source_id: string; status: number; outcome?: PutAnswer; problem?: Problem }>;
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
  /** Records a request at most (PUT /v1/imports/{kind}/{system} takes 100). */
  batchSize?: number;
}

/** Records a request: a batch stays well within the API's time to answer on a busy store. */
const RECORDS_PER_BATCH = 50;
/** The batch body's own bytes around its records. */
const BATCH_OVERHEAD_BYTES = 64;

/** Addresses a POST /v1/subscribers (it takes 1,000). 96: Herald writes them in one transaction (with
 *  the 4 counter shards they move) after one BatchGetItem a key kind, so a call waits for one write,
 *  not a row of them, behind the incidents' batches: 1,000 a call (~11 transactions one after the
 *  other) timed out past the client's 30 s at bench:import's size on a loaded machine, and 250 took
 *  up to 26 s. */
const SUBSCRIBERS_PER_CALL = 96;

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

  // Records and subscribers share the --concurrency requests in flight (each stays well within the
  // client's time to answer however they mix).
  const slot = slots(options.concurrency ?? 4);
  const api = {
    put: <T>(path: string, body: unknown) => slot(() => client.put<T>(path, body)),
    post: <T>(path: string, body: unknown) => slot(() => client.post<T>(path, body)),
  };
  // Subscribers go alongside the kinds after the components (their filters name only components).
  let subscriberWork: Promise<void> | null = null;
  let stopped = false;
  const startSubscribers = () => {
    subscriberWork ??= (async () => {
      let subscribers = mapped.subscribers;
      if (mapped.later) {
        const more = await mapped.later;
        for (const s of more.skipped) {
          count(s.kind, 'skipped');
          report.details.push({ kind: s.kind, source_id: s.sourceId, label: s.label, result: 'skipped', reason: s.reason });
        }
        options.progress?.grow(more.subscribers.length);
        subscribers = [...subscribers, ...more.subscribers];
      }
      const chunks: MappedSubscriber[][] = [];
      for (let i = 0; i < subscribers.length; i += SUBSCRIBERS_PER_CALL) chunks.push(subscribers.slice(i, i + SUBSCRIBERS_PER_CALL));
      // As many as --concurrency: the slots they share with the records bound the two together.
      await inParallel(chunks, options.concurrency ?? 4, async (chunk) => {
        if (stopped) return;
        await writeSubscribers(api, chunk, componentIds, options, (detail) => {
          count('subscriber', detail.result);
          if (detail.result === 'skipped' || options.dryRun) report.details.push(detail);
        });
        options.progress?.advance(chunk.length);
      });
    })();
    subscriberWork.catch(() => undefined); // awaited below; a failure meanwhile is not unhandled
  };

  /** Older Herald answers the batch route 404 or 405: then one record a request, as before. */
  let oneByOne = false;
  try {
    for (const kind of KIND_ORDER) {
      if (kind !== 'component_group' && kind !== 'component') startSubscribers();
      const records = mapped.records.filter((r) => r.kind === kind);
      const settle = (r: MappedRecord, detail: Detail, answer: PutAnswer | null, reason?: string) => {
        if (answer) {
          detail.result = answer.result;
          detail.id = answer.id;
          if (answer.differences && answer.differences.length > 0) detail.differences = answer.differences;
          if (answer.warnings.length > 0) detail.notes = [...(detail.notes ?? []), ...answer.warnings];
          if ((kind === 'component' || kind === 'component_group') && !(options.dryRun && answer.result === 'created')) componentIds.set(r.sourceId, answer.id);
        } else detail.reason = reason;
        count(kind, detail.result);
        report.details.push(detail);
      };
      const detailOf = (r: MappedRecord): Detail => ({ kind, source_id: r.sourceId, label: r.label, result: 'skipped', ...(r.notes.length > 0 ? { notes: [...r.notes] } : {}) });
      const putOne = async (r: MappedRecord) => {
        const body = { record: r.record, ...(options.dryRun ? { dry_run: true } : {}) };
        try {
          settle(r, detailOf(r), await api.put<PutAnswer>(`/imports/${kind}/${options.system}/${encodeURIComponent(r.sourceId)}`, body));
        } catch (error) {
          if (!(error instanceof ApiRefusedError)) throw error;
          settle(r, detailOf(r), null, problemText(error.problem).replace(/\n\s*/g, '; '));
        }
      };
      // Batches of records within one request's size; a record larger than that alone is skipped.
      const batches: MappedRecord[][] = [];
      let batch: MappedRecord[] = [];
      let batchBytes = BATCH_OVERHEAD_BYTES;
      for (const r of records) {
        const bytes = Buffer.byteLength(JSON.stringify({ source_id: r.sourceId, record: r.record })) + 1;
        if (bytes + BATCH_OVERHEAD_BYTES > maxBytes) {
          settle(r, detailOf(r), null, `larger than the API takes in one request (${Math.ceil(bytes / 1024)} KiB of ${maxBytes / 1024} KiB)`);
          options.progress?.advance(1);
          continue;
        }
        if (batch.length > 0 && (batch.length >= (options.batchSize ?? RECORDS_PER_BATCH) || batchBytes + bytes > maxBytes)) {
          batches.push(batch);
          batch = [];
          batchBytes = BATCH_OVERHEAD_BYTES;
        }
        batch.push(r);
        batchBytes += bytes;
      }
      if (batch.length > 0) batches.push(batch);
      await inParallel(batches, options.concurrency ?? 4, async (records) => {
        if (!oneByOne) {
          let answer: BatchAnswer | null = null;
          try {
            answer = await api.put<BatchAnswer>(`/imports/${kind}/${options.system}`, {
              records: records.map((r) => ({ source_id: r.sourceId, record: r.record })),
              ...(options.dryRun ? { dry_run: true } : {}),
            });
          } catch (error) {
            if (!(error instanceof ApiRefusedError)) throw error;
            if (error.problem.status === 404 || error.problem.status === 405) oneByOne = true;
            else {
              const reason = problemText(error.problem).replace(/\n\s*/g, '; ');
              for (const r of records) settle(r, detailOf(r), null, reason);
              options.progress?.advance(records.length);
              return;
            }
          }
          if (answer) {
            records.forEach((r, at) => {
              const result = answer.results[at];
              if (result?.outcome) settle(r, detailOf(r), result.outcome);
              else settle(r, detailOf(r), null, result?.problem ? problemText(result.problem).replace(/\n\s*/g, '; ') : 'Herald gave no answer for it');
            });
            options.progress?.advance(records.length);
            return;
          }
        }
        await inParallel(records, options.concurrency ?? 4, async (r) => {
          await putOne(r);
          options.progress?.advance(1);
        });
      });
    }
  } catch (error) {
    stopped = true;
    throw error;
  }
  startSubscribers();
  await subscriberWork;
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
  client: Pick<HeraldClient, 'post'>,
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

/** Runs work with at most `limit` at once, the rest waiting in order. */
function slots(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let busy = 0;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (busy >= limit) await new Promise<void>((go) => waiting.push(go));
    else busy++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else busy--;
    }
  };
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
