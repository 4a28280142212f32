// Imports a maintenance window with its updates: its status and milestone times from the updates,
// its components by their source ids.
import { ValidationError } from '#core/errors';
import type { ImportSource } from '#core/import-source';
import type { Maintenance, MaintenanceUpdate, MaintenanceWithUpdates } from '#core/model';
import type { AppDeps } from '../deps';
import { newId } from '../ids';
import type { MaintenanceInput } from './import-inputs';
import { decideAndWrite, mappingOf, type Attempt, type ImportOutcome, type ImportRequest } from './import-outcome';
import { resolveComponents } from './resolve-components';

export type RestoredMaintenance = MaintenanceWithUpdates;

export async function importMaintenance(deps: AppDeps, request: ImportRequest<MaintenanceInput | RestoredMaintenance>): Promise<ImportOutcome> {
  return decideAndWrite<MaintenanceWithUpdates>(deps, request, maintenanceAttempt(deps, request));
}

/** The tries importMaintenance makes (a batch makes the first itself). */
export function maintenanceAttempt(deps: AppDeps, request: ImportRequest<MaintenanceInput | RestoredMaintenance>): Attempt<MaintenanceWithUpdates> {
  return async () => {
    const mapped = request.system === 'herald' ? request.sourceId : await deps.store.imports.find(request.system, 'maintenance', request.sourceId);
    const existing = mapped ? await deps.store.maintenances.get(mapped) : null;
    const warnings: string[] = [];
    let next: MaintenanceWithUpdates;
    if (request.system === 'herald') {
      const { source: _source, ...restored } = request.record as RestoredMaintenance;
      next = { ...restored, updates: restored.updates.map(({ source: _s, ...u }) => u) };
    } else {
      const input = request.record as MaintenanceInput;
      if (input.updates.length === 0) throw new ValidationError('A maintenance window needs at least one update.', [{ path: 'record.updates', message: 'empty' }]);
      const id = existing?.id ?? newId();
      const components = await resolveComponents(deps, request.system, input.components);
      for (const c of input.components) if (!components.has(c)) warnings.push(`component ${c} was not imported; the window does not name it`);
      const sorted = [...input.updates].sort((a, b) => a.created_at.localeCompare(b.created_at));
      const updates: MaintenanceUpdate[] = sorted.map((u, index) => ({
        id: `${id}-${index + 1}`,
        maintenance_id: id,
        seq: index + 1,
        status: u.status,
        message: u.message,
        notify: u.notify,
        created_at: u.created_at,
        posted_by: null,
        source: { system: request.system, id: u.id },
      }));
      const last = updates[updates.length - 1]!;
      const firstAt = (status: string) => updates.find((u) => u.status === status)?.created_at ?? null;
      const completed = last.status === 'completed';
      const meta: Maintenance = {
        id,
        title: input.title,
        status: last.status,
        component_ids: [...new Set([...components.values()].map((c) => c.id))],
        scheduled_for: input.scheduled_for,
        scheduled_until: input.scheduled_until,
        // A finished window has nothing left to move; an open one moves on as a live one does.
        auto_transition: completed ? false : input.auto_transition,
        component_statuses_before: null,
        created_at: input.created_at,
        updated_at: input.updated_at > last.created_at ? input.updated_at : last.created_at,
        started_at: firstAt('in_progress'),
        completed_at: firstAt('completed'),
        cancelled_at: completed && firstAt('in_progress') === null ? last.created_at : null,
        update_count: updates.length,
        version: updates.length,
      };
      next = { ...meta, updates };
    }
    const version = existing ? existing.version + 1 : next.version;
    const source: ImportSource = { system: request.system, id: request.sourceId, version };
    const { updates, ...meta } = next;
    const writtenUpdates = updates.map((u) => ({ ...u, source: u.source ?? { system: request.system, id: `${request.sourceId}#${u.seq}` } }));
    return {
      id: next.id,
      existing,
      next,
      warnings,
      write: () => deps.store.imports.putMaintenance({ ...meta, version, source }, writtenUpdates, existing?.version ?? 0, mappingOf(request, next.id)),
      packed: { kind: 'maintenance', maintenance: { ...meta, version, source }, updates: writtenUpdates, expectedVersion: existing?.version ?? 0, mapping: mappingOf(request, next.id) },
    };
  };
}
