import { assertComponentsFit } from '#core/change-limits';
import { ConflictError, NotFoundError } from '#core/errors';
import { isActiveMaintenance, checkMaintenanceTransition, type MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { ComponentStatus } from '#core/component-status';
import type { Maintenance, MaintenanceUpdate, MaintenanceWithUpdates } from '#core/model';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import type { ComponentStatusWrite } from '../ports/store';
import { untilSaved } from '../optimistic';

export interface PostMaintenanceUpdateInput {
  status: MaintenanceStatus;
  message: string;
  notify?: boolean;
  /**
   * Only from these statuses (the scheduler's automatic moves): if the window has moved on
   * meanwhile, nothing is posted and a ConflictError says so.
   */
  from?: readonly MaintenanceStatus[];
}

/**
 * Moves a maintenance window along. Starting it puts its components under maintenance
 * (remembering their statuses); completing it gives each back the status it had, unless
 * somebody has changed it since.
 */
export async function postMaintenanceUpdate(
  deps: AppDeps,
  maintenanceId: string,
  input: PostMaintenanceUpdateInput,
  ctx: RequestContext,
): Promise<MaintenanceWithUpdates> {
  return deps.locks.run(`maintenance:${maintenanceId}`, () =>
    untilSaved(async () => {
      const current = await deps.store.maintenances.get(maintenanceId);
      if (!current) throw new NotFoundError(`No maintenance with id ${maintenanceId}.`);
      if (input.from && !input.from.includes(current.status)) {
        throw new ConflictError(`The maintenance is ${current.status} now, not ${input.from.join(' or ')}.`);
      }
      const check = checkMaintenanceTransition(current.status, input.status);
      if (!check.ok) throw new ConflictError(check.reason);
      const seq = current.update_count + 1;
      const cause = `${maintenanceId}#${seq}`;
      const components = new Map((await deps.store.components.list()).map((c) => [c.id, c]));
      const writes: ComponentStatusWrite[] = [];
      let before = current.component_statuses_before;
      const starting = !isActiveMaintenance(current.status) && isActiveMaintenance(input.status);
      const ending = current.status !== 'scheduled' && input.status === 'completed';
      // Overlapping windows on one component: the later one inherits the status from before the
      // first, and a component goes back only when the last active window covering it ends.
      const others =
        starting || ending
          ? (await deps.store.maintenances.open()).filter((m) => m.id !== maintenanceId && isActiveMaintenance(m.status))
          : [];
      const coveredByOther = (id: string) => others.find((m) => m.component_ids.includes(id));
      if (starting) {
        before = {};
        for (const id of current.component_ids) {
          const component = components.get(id);
          if (!component) continue;
          const inherited = component.status === 'under_maintenance' ? coveredByOther(id)?.component_statuses_before?.[id] : undefined;
          before[id] = inherited ?? component.status;
          if (component.status !== 'under_maintenance') writes.push({ id, status: 'under_maintenance', at: ctx.now, cause });
        }
      } else if (ending) {
        for (const id of current.component_ids) {
          const component = components.get(id);
          if (component?.status !== 'under_maintenance') continue;
          if (coveredByOther(id)) continue; // still under another window's maintenance
          const restored: ComponentStatus = before?.[id] && before[id] !== 'under_maintenance' ? before[id]! : 'operational';
          writes.push({ id, status: restored, at: ctx.now, cause });
        }
      }
      // A window stored before the cap (or edited around it) may name more than one change can move.
      assertComponentsFit('components', writes.length);
      const update: MaintenanceUpdate = {
        id: `${maintenanceId}-${seq}`,
        maintenance_id: maintenanceId,
        seq,
        status: input.status,
        message: input.message,
        notify: input.notify ?? input.status !== current.status,
        created_at: ctx.now,
        posted_by: ctx.actor,
      };
      const { updates, ...meta } = current;
      const next: Maintenance = {
        ...meta,
        status: input.status,
        component_statuses_before: before,
        started_at: starting ? ctx.now : meta.started_at,
        completed_at: input.status === 'completed' ? ctx.now : meta.completed_at,
        updated_at: ctx.now,
        update_count: seq,
        version: meta.version + 1,
      };
      const result = { ...next, updates: [...updates, update] };
      const outcome = await deps.store.maintenances.append(next, current.version, update, writes, {
        idempotency: idempotencyRecord(ctx, result),
      });
      return { outcome, result };
    }),
  );
}
