import type { ComponentStatus } from '#core/component-status';
import { ConflictError, NotFoundError } from '#core/errors';
import { checkIncidentTransition, minutesInStatus, type IncidentStatus } from '#core/incident-lifecycle';
import { incidentAfterUpdate } from '#core/incident-state';
import type { IncidentUpdate, IncidentWithUpdates } from '#core/model';
import { updateEvents } from '#core/timeline';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import { componentMoves } from './component-moves';

export interface PostIncidentUpdateInput {
  status: IncidentStatus;
  message: string;
  components?: Record<string, ComponentStatus>;
  notify?: boolean;
}

export interface PostedUpdate {
  incident: IncidentWithUpdates;
  warnings: string[];
}

/**
 * Appends an update to an incident's timeline. Concurrent updates to one incident are all
 * kept: each is checked against, and appended after, whatever landed before it.
 */
export async function postIncidentUpdate(
  deps: AppDeps,
  incidentId: string,
  input: PostIncidentUpdateInput,
  ctx: RequestContext,
): Promise<PostedUpdate> {
  return deps.locks.run(`incident:${incidentId}`, () =>
    untilSaved(async () => {
      const current = await deps.store.incidents.get(incidentId);
      if (!current) throw new NotFoundError(`No incident with id ${incidentId}.`);
      const check = checkIncidentTransition({
        from: current.status,
        to: input.status,
        monitoringMinutes: minutesInStatus(current.updates, 'monitoring', ctx.now),
      });
      if (!check.ok) throw new ConflictError(check.reason);
      const seq = current.update_count + 1;
      const { changes, writes } = await componentMoves(deps, input.components, ctx.now, `${incidentId}#${seq}`);
      const update: IncidentUpdate = {
        id: `${incidentId}-${seq}`,
        incident_id: incidentId,
        seq,
        status: input.status,
        message: input.message,
        component_changes: changes,
        notify: input.notify ?? input.status !== current.status,
        created_at: ctx.now,
        posted_by: ctx.actor,
      };
      const { updates: _previous, ...meta } = current;
      const next = incidentAfterUpdate(meta, update);
      const result: PostedUpdate = { incident: { ...next, updates: [...current.updates, update] }, warnings: check.warnings };
      const outcome = await deps.store.incidents.append(next, current.version, update, writes, {
        idempotency: idempotencyRecord(ctx, result),
        events: updateEvents(meta, update, next.version),
      });
      return { outcome, result };
    }),
  );
}
