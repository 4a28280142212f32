// What every import of one record answers, and the steps the per-kind use cases share.
import { ContentionError } from '#core/errors';
import { recordDifferences, type FieldDifference, type ImportKind, type ImportSystem } from '#core/import-source';
import type { AppDeps } from '../deps';
import type { ImportMapping, ImportWrite, SaveResult } from '../ports/store';

export type ImportResult = 'created' | 'updated' | 'same';

export interface ImportOutcome {
  result: ImportResult;
  /** The Herald id the record has (or would have, on a dry run). */
  id: string;
  /** The first differences from what is stored (empty when created or same). */
  differences: FieldDifference[];
  /** What was cleaned or left out of the record (an unknown component, …). */
  warnings: string[];
  dry_run: boolean;
}

export interface ImportRequest<R> {
  system: ImportSystem;
  kind: ImportKind;
  sourceId: string;
  record: R;
  dryRun: boolean;
}

/** What a record is compared on: everything but its bookkeeping (version, where it came from). */
export function comparable(record: object): Record<string, unknown> {
  const { version: _version, source: _source, ...rest } = record as Record<string, unknown>;
  if (Array.isArray(rest.updates)) rest.updates = (rest.updates as object[]).map((u) => comparable(u));
  return rest;
}

export function mappingOf(request: ImportRequest<unknown>, heraldId: string): ImportMapping {
  return { system: request.system, kind: request.kind, source_id: request.sourceId, herald_id: heraldId };
}

/** One try at a record: what is stored, what it would become, and how to write it. */
export interface Planned<T> {
  id: string;
  existing: T | null;
  next: T;
  warnings: string[];
  write: () => Promise<SaveResult>;
  /** The same write as data, when a batch may pack it with others (import-batch.ts). */
  packed?: ImportWrite;
}

export type Attempt<T> = () => Promise<Planned<T>>;

/** Same, a dry run's answer, or the write: retried from a fresh read when someone wrote in between. */
export async function decideAndWrite<T extends object>(
  deps: AppDeps,
  request: ImportRequest<unknown>,
  attempt: Attempt<T>,
): Promise<ImportOutcome> {
  return deps.locks.run(`import:${request.system}:${request.kind}:${request.sourceId}`, async () => {
    for (let tries = 1; tries <= 5; tries++) {
      const { id, existing, next, warnings, write } = await attempt();
      const base = { id, warnings, dry_run: request.dryRun };
      if (existing) {
        const differences = recordDifferences(comparable(existing), comparable(next));
        if (differences.length === 0) return { ...base, result: 'same', differences: [] };
        if (request.dryRun) return { ...base, result: 'updated', differences };
        if ((await write()) === 'saved') return { ...base, result: 'updated', differences };
        continue;
      }
      if (request.dryRun) return { ...base, result: 'created', differences: [] };
      if ((await write()) === 'saved') return { ...base, result: 'created', differences: [] };
    }
    throw new ContentionError('The record kept changing while it was imported; try again.');
  });
}
