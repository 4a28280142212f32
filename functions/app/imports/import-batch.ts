// Many records of one kind at once: PUT /v1/imports/{kind}/{system}. Each record is decided as
// PUT /v1/imports/{kind}/{system}/{source_id} decides it (same, created, updated, or refused with
// its own problem), but the batch reads the records' mappings in one go and the components once,
// and writes the records that change packed several to a transaction (each record still all or
// nothing, its mapping with it). A record whose write finds the store changed since it was read (an
// incident id taken, a concurrent import) goes through the one-record use case on its own.
import { HeraldError } from '#core/errors';
import { recordDifferences } from '#core/import-source';
import type { AppDeps } from '../deps';
import type { Component } from '#core/model';
import { componentAttempt } from './import-component';
import { incidentAttempt } from './import-incident';
import { comparable, type Attempt, type ImportOutcome, type ImportRequest, type Planned } from './import-outcome';
import { importRecord } from './import-record';
import { maintenanceAttempt } from './import-maintenance';
import { templateAttempt } from './import-template';
import type { ComponentInput, IncidentInput, MaintenanceInput, TemplateInput } from './import-inputs';
import type { RestoredComponent } from './import-component';
import type { RestoredIncident } from './import-incident';
import type { RestoredMaintenance } from './import-maintenance';
import type { Template } from '#core/templates';

/** Records a batch takes. */
export const MAX_BATCH_RECORDS = 100;
/** Records of a batch read and compared at once. */
const PLAN_CONCURRENCY = 16;

export interface BatchRequest {
  kind: ImportRequest<unknown>['kind'];
  system: ImportRequest<unknown>['system'];
  dryRun: boolean;
  /** Distinct source ids, each record valid for its kind (the route checked them). */
  records: Array<{ sourceId: string; record: unknown }>;
}

/** Per record, in order: its outcome, or the named error that refused it. */
export type BatchResult = ImportOutcome | HeraldError;

/** Component and group mappings, per store: they never change once written (as resolve-components.ts). */
const COMPONENT_MAPPINGS = new WeakMap<object, Map<string, string>>();

function attemptOf(deps: AppDeps, request: ImportRequest<unknown>): Attempt<object> {
  switch (request.kind) {
    case 'component_group':
    case 'component':
      return componentAttempt(deps, request as ImportRequest<ComponentInput | RestoredComponent>);
    case 'incident':
      return incidentAttempt(deps, request as ImportRequest<IncidentInput | RestoredIncident>);
    case 'maintenance':
      return maintenanceAttempt(deps, request as ImportRequest<MaintenanceInput | RestoredMaintenance>);
    case 'template':
      return templateAttempt(deps, request as ImportRequest<TemplateInput | Template>);
  }
}

/** The deps the batch's first tries read through: its own mappings read at once, components listed once. */
async function batchDeps(deps: AppDeps, request: BatchRequest): Promise<AppDeps> {
  const own = new Set(request.records.map((r) => r.sourceId));
  const mappings = request.system === 'herald' ? new Map<string, string>() : await deps.store.imports.findMany(request.system, request.kind, [...own]);
  let known = COMPONENT_MAPPINGS.get(deps.store);
  if (!known) COMPONENT_MAPPINGS.set(deps.store, (known = new Map()));
  const componentMappings = known;
  let components: Promise<Component[]> | null = null;
  const imports = deps.store.imports;
  return {
    ...deps,
    store: {
      ...deps.store,
      imports: {
        ...imports,
        async find(system, kind, sourceId) {
          if (system === request.system && kind === request.kind && own.has(sourceId)) return mappings.get(sourceId) ?? null;
          if (kind !== 'component' && kind !== 'component_group') return imports.find(system, kind, sourceId);
          const key = `${system}\u0000${kind}\u0000${sourceId}`;
          const cached = componentMappings.get(key);
          if (cached !== undefined) return cached;
          const found = await imports.find(system, kind, sourceId);
          if (found !== null) componentMappings.set(key, found);
          return found;
        },
      },
      components: { ...deps.store.components, list: () => (components ??= deps.store.components.list()) },
    },
  };
}

export async function importBatch(deps: AppDeps, request: BatchRequest): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array<BatchResult>(request.records.length);
  const readDeps = await batchDeps(deps, request);
  const requestOf = (index: number): ImportRequest<unknown> => ({
    system: request.system,
    kind: request.kind,
    sourceId: request.records[index]!.sourceId,
    record: request.records[index]!.record,
    dryRun: request.dryRun,
  });
  const toWrite: Array<{ index: number; planned: Planned<object>; outcome: ImportOutcome }> = [];
  /** Written on their own, through the one-record use case. */
  const alone: number[] = [];

  await inParallel(request.records.length, PLAN_CONCURRENCY, async (index) => {
    try {
      const planned = await attemptOf(readDeps, requestOf(index))();
      const base = { id: planned.id, warnings: planned.warnings, dry_run: request.dryRun };
      let outcome: ImportOutcome;
      if (planned.existing) {
        const differences = recordDifferences(comparable(planned.existing), comparable(planned.next));
        if (differences.length === 0) {
          results[index] = { ...base, result: 'same', differences: [] };
          return;
        }
        outcome = { ...base, result: 'updated', differences };
      } else {
        outcome = { ...base, result: 'created', differences: [] };
      }
      if (request.dryRun) results[index] = outcome;
      else if (planned.packed) toWrite.push({ index, planned, outcome });
      else alone.push(index);
    } catch (error) {
      if (!(error instanceof HeraldError)) throw error;
      results[index] = error;
    }
  });

  if (toWrite.length > 0) {
    toWrite.sort((a, b) => a.index - b.index);
    const saved = await deps.store.imports.putMany(toWrite.map((w) => w.planned.packed!));
    toWrite.forEach((w, at) => {
      if (saved[at] === 'saved') results[w.index] = w.outcome;
      else alone.push(w.index);
    });
  }

  await inParallel(alone.length, PLAN_CONCURRENCY, async (at) => {
    const index = alone[at]!;
    try {
      results[index] = await importRecord(deps, requestOf(index));
    } catch (error) {
      if (!(error instanceof HeraldError)) throw error;
      results[index] = error;
    }
  });
  return results;
}

async function inParallel(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
