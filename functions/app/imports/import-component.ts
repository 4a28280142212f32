// Imports a component or a group as it was in its source: its status, position and times kept. A
// component names its group by the group's source id (the group is imported first).
import type { ImportSource } from '#core/import-source';
import type { Component } from '#core/model';
import { ValidationError } from '#core/errors';
import type { AppDeps } from '../deps';
import { newId } from '../ids';
import type { StatusHistoryEntry } from '../ports/store';
import type { ComponentInput } from './import-inputs';
import { decideAndWrite, mappingOf, type Attempt, type ImportOutcome, type ImportRequest } from './import-outcome';

/** A restore sends the exported component with its status history. */
export type RestoredComponent = Component & { history: StatusHistoryEntry[] };

export async function importComponent(deps: AppDeps, request: ImportRequest<ComponentInput | RestoredComponent>): Promise<ImportOutcome> {
  return decideAndWrite<Component>(deps, request, componentAttempt(deps, request));
}

/** The tries importComponent makes (a batch makes the first itself). */
export function componentAttempt(deps: AppDeps, request: ImportRequest<ComponentInput | RestoredComponent>): Attempt<Component> {
  const isGroup = request.kind === 'component_group';
  return async () => {
    const mapped = request.system === 'herald' ? request.sourceId : await deps.store.imports.find(request.system, request.kind, request.sourceId);
    const existing = mapped ? await deps.store.components.get(mapped) : null;
    const warnings: string[] = [];
    let next: Component;
    let history: StatusHistoryEntry[];
    if (request.system === 'herald') {
      const { history: restoredHistory, source: _source, ...restored } = request.record as RestoredComponent;
      next = { ...restored };
      history = restoredHistory ?? [];
    } else {
      const input = request.record as ComponentInput;
      let groupId: string | null = null;
      if (!isGroup && input.group !== null) {
        groupId = await deps.store.imports.find(request.system, 'component_group', input.group);
        // A dry run compares before anything is written: the group may come in the same run.
        if (!groupId && request.dryRun) warnings.push(`group ${input.group} was not imported; the component would be in no group`);
        else if (!groupId) throw new ValidationError(`The group ${input.group} was not imported; import groups first.`, [{ path: 'record.group', message: 'not imported' }]);
      }
      const id = existing?.id ?? newId();
      next = {
        id,
        name: input.name,
        description: input.description,
        group_id: groupId,
        group: isGroup,
        status: isGroup ? 'operational' : input.status,
        position: input.position,
        showcase: input.showcase,
        only_show_if_degraded: input.only_show_if_degraded,
        created_at: input.created_at,
        updated_at: input.updated_at,
        version: existing ? existing.version : 1,
      };
      // Its history starts operational when it was made; a component down now went down at its last change.
      history = existing
        ? []
        : [
            { component_id: id, at: input.created_at, cause: 'created', status: 'operational' },
            ...(next.status === 'operational' || input.updated_at <= input.created_at
              ? []
              : [{ component_id: id, at: input.updated_at, cause: 'imported', status: next.status }]),
          ];
      if (existing && existing.status !== next.status) {
        history = [{ component_id: id, at: input.updated_at, cause: `imported-v${existing.version + 1}`, status: next.status }];
      }
    }
    const version = existing ? existing.version + 1 : next.version;
    const source: ImportSource = { system: request.system, id: request.sourceId, version };
    const written: Component = { ...next, version, source };
    return {
      id: next.id,
      existing,
      next,
      warnings,
      write: () => deps.store.imports.putComponent(written, existing?.version ?? 0, mappingOf(request, next.id), history),
      packed: { kind: 'component', component: written, history, expectedVersion: existing?.version ?? 0, mapping: mappingOf(request, next.id) },
    };
  };
}
