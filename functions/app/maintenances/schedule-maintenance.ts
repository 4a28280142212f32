import { assertComponentsFit } from '#core/change-limits';
import { ValidationError } from '#core/errors';
import type { Maintenance, MaintenanceUpdate, MaintenanceWithUpdates } from '#core/model';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { newId } from '../ids';

export interface ScheduleMaintenanceInput {
  title: string;
  message: string;
  scheduled_for: string;
  scheduled_until: string;
  components: string[];
  auto_transition?: boolean;
  notify?: boolean;
}

export async function scheduleMaintenance(
  deps: AppDeps,
  input: ScheduleMaintenanceInput,
  ctx: RequestContext,
): Promise<MaintenanceWithUpdates> {
  if (Date.parse(input.scheduled_until) <= Date.parse(input.scheduled_for)) {
    throw new ValidationError('The window must end after it starts.', [
      { path: 'scheduled_until', message: 'must be later than scheduled_for' },
    ]);
  }
  assertComponentsFit('components', new Set(input.components).size);
  const known = new Set((await deps.store.components.list()).filter((c) => !c.group).map((c) => c.id));
  const unknown = input.components.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ValidationError('Unknown component ids.', unknown.map((id) => ({ path: `components.${id}`, message: 'no such component' })));
  }
  const id = newId();
  const maintenance: Maintenance = {
    id,
    title: input.title,
    status: 'scheduled',
    component_ids: [...new Set(input.components)],
    scheduled_for: new Date(input.scheduled_for).toISOString(),
    scheduled_until: new Date(input.scheduled_until).toISOString(),
    auto_transition: input.auto_transition ?? true,
    component_statuses_before: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    started_at: null,
    completed_at: null,
    update_count: 1,
    version: 1,
  };
  const update: MaintenanceUpdate = {
    id: `${id}-1`,
    maintenance_id: id,
    seq: 1,
    status: 'scheduled',
    message: input.message,
    notify: input.notify ?? true,
    created_at: ctx.now,
    posted_by: ctx.actor,
  };
  const result = { ...maintenance, updates: [update] };
  await deps.store.maintenances.create(maintenance, update, { idempotency: idempotencyRecord(ctx, result) });
  return result;
}
