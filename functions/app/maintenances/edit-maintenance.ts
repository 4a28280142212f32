import { assertComponentsFit } from '#core/change-limits';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '#core/errors';
import type { Maintenance, MaintenanceWithUpdates } from '#core/model';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';

export interface EditMaintenanceInput {
  title?: string;
  scheduled_for?: string;
  scheduled_until?: string;
  components?: string[];
  auto_transition?: boolean;
}

/**
 * Changes a window's own fields (no update is posted, so no mail: post a `scheduled` update to tell
 * subscribers of a new time). Its start and components change only while it is scheduled; its end
 * and title until it completes. The scheduler reads the new times on its next sweep, and a moved
 * start arms the reminder again.
 */
export async function editMaintenance(
  deps: AppDeps,
  maintenanceId: string,
  input: EditMaintenanceInput,
  ctx: RequestContext & { ifMatch?: number },
): Promise<MaintenanceWithUpdates> {
  const components = input.components ? [...new Set(input.components)] : undefined;
  if (components) {
    assertComponentsFit('components', components.length);
    const known = new Set((await deps.store.components.list()).filter((c) => !c.group).map((c) => c.id));
    const unknown = components.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new ValidationError('Unknown component ids.', unknown.map((id) => ({ path: `components.${id}`, message: 'no such component' })));
    }
  }
  return deps.locks.run(`maintenance:${maintenanceId}`, () =>
    untilSaved(async () => {
      const current = await deps.store.maintenances.get(maintenanceId);
      if (!current) throw new NotFoundError(`No maintenance with id ${maintenanceId}.`);
      if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
        throw new PreconditionFailedError(`The maintenance is at version ${current.version}, not ${ctx.ifMatch}.`);
      }
      if (current.status === 'completed') throw new ConflictError('A completed maintenance is final; it cannot be edited.');
      if (current.status !== 'scheduled' && (input.scheduled_for !== undefined || components !== undefined)) {
        throw new ConflictError(`The maintenance is ${current.status}: only its title and end can change now.`);
      }
      const { updates, ...meta } = current;
      const next: Maintenance = {
        ...meta,
        title: input.title ?? meta.title,
        scheduled_for: input.scheduled_for === undefined ? meta.scheduled_for : new Date(input.scheduled_for).toISOString(),
        scheduled_until: input.scheduled_until === undefined ? meta.scheduled_until : new Date(input.scheduled_until).toISOString(),
        component_ids: components ?? meta.component_ids,
        auto_transition: input.auto_transition ?? meta.auto_transition,
        // Turning it back on is the responder's answer to the scheduler's stop.
        auto_transition_error: input.auto_transition === true ? null : meta.auto_transition_error,
        updated_at: ctx.now,
        version: meta.version + 1,
      };
      if (Date.parse(next.scheduled_until) <= Date.parse(next.scheduled_for)) {
        throw new ValidationError('The window must end after it starts.', [
          { path: 'scheduled_until', message: 'must be later than scheduled_for' },
        ]);
      }
      const outcome = await deps.store.maintenances.save(next, current.version);
      if (outcome === 'stale' && ctx.ifMatch !== undefined) {
        throw new PreconditionFailedError('The maintenance changed while this request was applied.');
      }
      return { outcome, result: { ...next, updates } };
    }),
  );
}
