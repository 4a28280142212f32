import { ConflictError, NotFoundError } from '#core/errors';
import { checkMaintenanceCancel } from '#core/maintenance-lifecycle';
import type { Maintenance, MaintenanceUpdate, MaintenanceWithUpdates } from '#core/model';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';

export interface CancelMaintenanceInput {
  /** The final update's words; a plain sentence when none is given. */
  message?: string;
  notify?: boolean;
}

export const DEFAULT_CANCEL_MESSAGE = 'This maintenance has been cancelled.';

/**
 * Cancels a window that has not started: a final `completed` update marked `cancelled_at`, so the
 * store drops it from the open windows, the scheduler never starts it, Statuspage's JSON calls it
 * completed and the page, the feeds and /maintenance.ics call it cancelled. Its components were
 * never put under maintenance, so none changes. A started (or completed) window is a ConflictError.
 */
export async function cancelMaintenance(
  deps: AppDeps,
  maintenanceId: string,
  input: CancelMaintenanceInput,
  ctx: RequestContext,
): Promise<MaintenanceWithUpdates> {
  return deps.locks.run(`maintenance:${maintenanceId}`, () =>
    untilSaved(async () => {
      const current = await deps.store.maintenances.get(maintenanceId);
      if (!current) throw new NotFoundError(`No maintenance with id ${maintenanceId}.`);
      const check = checkMaintenanceCancel(current);
      if (!check.ok) throw new ConflictError(check.reason);
      const seq = current.update_count + 1;
      const update: MaintenanceUpdate = {
        id: `${maintenanceId}-${seq}`,
        maintenance_id: maintenanceId,
        seq,
        status: 'completed',
        message: input.message?.trim() || DEFAULT_CANCEL_MESSAGE,
        notify: input.notify ?? true,
        created_at: ctx.now,
        posted_by: ctx.actor,
      };
      const { updates, ...meta } = current;
      const next: Maintenance = {
        ...meta,
        status: 'completed',
        completed_at: ctx.now,
        cancelled_at: ctx.now,
        updated_at: ctx.now,
        update_count: seq,
        version: meta.version + 1,
      };
      const result = { ...next, updates: [...updates, update] };
      const outcome = await deps.store.maintenances.append(next, current.version, update, [], {
        idempotency: idempotencyRecord(ctx, result),
      });
      return { outcome, result };
    }),
  );
}
