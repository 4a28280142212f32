import type { ComponentStatus } from '#core/component-status';
import { NotFoundError, PreconditionFailedError, ValidationError } from '#core/errors';
import type { Component } from '#core/model';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import { findOrCreateGroup } from './find-or-create-group';
import type { ComponentWithGroup } from './list-components';

export interface UpdateComponentInput {
  name?: string;
  description?: string | null;
  group?: string | null;
  status?: ComponentStatus;
  position?: number;
  showcase?: boolean;
  only_show_if_degraded?: boolean;
}

/** Changes a component; with `ifMatch`, only if it is still at that version. */
export async function updateComponent(
  deps: AppDeps,
  id: string,
  input: UpdateComponentInput,
  ctx: RequestContext & { ifMatch?: number },
): Promise<ComponentWithGroup> {
  return deps.locks.run(`component:${id}`, () =>
    untilSaved(async () => {
      const current = await deps.store.components.get(id);
      if (!current) throw new NotFoundError(`No component with id ${id}.`);
      if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
        throw new PreconditionFailedError(`The component is at version ${current.version}, not ${ctx.ifMatch}.`);
      }
      if (current.group && input.status) {
        throw new ValidationError("A group's status is derived from its components; set theirs instead.", [
          { path: 'status', message: 'not settable on a group' },
        ]);
      }
      let group = current.group_id ? await deps.store.components.get(current.group_id) : null;
      if (input.group !== undefined) {
        group = input.group === null ? null : await findOrCreateGroup(deps, input.group, ctx.now);
      }
      const groupId = input.group === undefined ? current.group_id : (group?.id ?? null);
      const next: Component = {
        ...current,
        ...definedOnly({
          name: input.name,
          description: input.description,
          status: input.status,
          position: input.position,
          showcase: input.showcase,
          only_show_if_degraded: input.only_show_if_degraded,
        }),
        group_id: groupId,
        updated_at: ctx.now,
        version: current.version + 1,
      };
      const statusWrite =
        next.status !== current.status ? { id, status: next.status, at: ctx.now, cause: `patch-v${next.version}` } : null;
      const outcome = await deps.store.components.save(next, current.version, statusWrite);
      if (outcome === 'stale' && ctx.ifMatch !== undefined) {
        throw new PreconditionFailedError('The component changed while this request was applied.');
      }
      return { outcome, result: { ...next, group_name: group?.name ?? null } };
    }),
  );
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
