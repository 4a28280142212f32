import type { ComponentStatus } from '#core/component-status';
import { ConflictError, NotFoundError, PreconditionFailedError } from '#core/errors';
import { checkIncidentTransition, minutesInStatus, type ComponentAfter, type IncidentStatus } from '#core/incident-lifecycle';
import { incidentAfterUpdate } from '#core/incident-state';
import type { Component, ComponentChange, Incident, IncidentUpdate, IncidentWithUpdates } from '#core/model';
import { updateEvents } from '#core/timeline';
import { idempotencyRecord, type RequestContext } from '../context';
import type { ComponentStatusWrite } from '../ports/store';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import { componentMoves } from './component-moves';
import { promiseOf } from './declare-incident';
import { forgetIncident, recentIncident, rememberIncident } from './recent-incidents';

export interface PostIncidentUpdateInput {
  status: IncidentStatus;
  message: string;
  components?: Record<string, ComponentStatus>;
  /** Makes every component of the incident operational (those named in `components` excepted). */
  restore_components?: boolean;
  notify?: boolean;
  /** "Next update by" (ISO): after now, at most 24 h ahead; default now + the severity's cadence;
   * refused on a resolved update (which promises none). */
  next_update_at?: string;
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
  ctx: RequestContext & { ifMatch?: number },
): Promise<PostedUpdate> {
  return deps.locks.run(`incident:${incidentId}`, () =>
    untilSaved(async () => {
      // First from the copy this process saved last (recent-incidents.ts): the append's version
      // condition proves it is still what the table holds, or makes the attempt stale.
      const copy = recentIncident(deps.store, incidentId);
      if (copy) {
        const planned = await planUpdate(deps, copy, input, ctx).catch(() => null); // a refusal is decided from a read, below
        if (planned) {
          const outcome = await write(deps, copy, planned, ctx);
          if (outcome === 'saved') return { outcome, result: planned.result };
        }
        forgetIncident(deps.store, incidentId);
      }
      const current = await deps.store.incidents.get(incidentId);
      if (!current) throw new NotFoundError(`No incident with id ${incidentId}.`);
      const planned = await planUpdate(deps, current, input, ctx);
      const outcome = await write(deps, current, planned, ctx);
      return { outcome, result: planned.result };
    }),
  );
}

interface PlannedUpdate {
  next: Incident;
  update: IncidentUpdate;
  writes: ComponentStatusWrite[];
  result: PostedUpdate;
}

/** The update onto `current`, checked; throws the refusal when it may not be made. */
async function planUpdate(
  deps: AppDeps,
  current: IncidentWithUpdates,
  input: PostIncidentUpdateInput,
  ctx: RequestContext & { ifMatch?: number },
): Promise<PlannedUpdate> {
  const incidentId = current.id;
  // With `ifMatch` (the console's form), only onto the version the person saw.
  if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
    throw new PreconditionFailedError(`The incident is at version ${current.version}, not ${ctx.ifMatch}.`);
  }
  const move = checkIncidentTransition({ from: current.status, to: input.status, monitoringMinutes: 0 });
  if (!move.ok) throw new ConflictError(move.reason);
  const nextUpdateAt = promiseOf({
    status: input.status,
    at: ctx.now,
    requested: input.next_update_at,
    policy: deps.config.severities[current.severity],
  });
  const seq = current.update_count + 1;
  const notify = input.notify ?? input.status !== current.status;
  // The components are read only when the update uses them: it names some, or restores or
  // resolves an incident that has some (the resolve gate warns about those left down).
  const usesComponents =
    Object.keys(input.components ?? {}).length > 0 ||
    ((input.restore_components === true || move.kind === 'resolve') && current.component_ids.length > 0);
  const known: ReadonlyMap<string, Component> = usesComponents
    ? new Map((await deps.store.components.list()).map((c) => [c.id, c]))
    : new Map();
  const requested = input.restore_components ? { ...restored(current.component_ids, known), ...input.components } : input.components;
  const { changes, writes } = await componentMoves(deps, requested, ctx.now, `${incidentId}#${seq}`, known);
  const check = checkIncidentTransition({
    from: current.status,
    to: input.status,
    monitoringMinutes: minutesInStatus(current.updates, 'monitoring', ctx.now),
    enteredMonitoring: current.updates.some((u) => u.status === 'monitoring'),
    components: componentsAfter([...current.component_ids, ...changes.map((c) => c.id)], known, changes),
    notify,
  });
  if (!check.ok) throw new ConflictError(check.reason);
  const update: IncidentUpdate = {
    id: `${incidentId}-${seq}`,
    incident_id: incidentId,
    seq,
    status: input.status,
    message: input.message,
    component_changes: changes,
    notify,
    created_at: ctx.now,
    posted_by: ctx.actor,
    next_update_at: nextUpdateAt,
  };
  const { updates: _previous, ...meta } = current;
  const next = incidentAfterUpdate(meta, update);
  const result: PostedUpdate = { incident: { ...next, updates: [...current.updates, update] }, warnings: check.warnings };
  return { next, update, writes, result };
}

/** Appends the planned update if the incident is still at `current`'s version; remembers it when saved. */
async function write(
  deps: AppDeps,
  current: IncidentWithUpdates,
  { next, update, writes, result }: PlannedUpdate,
  ctx: RequestContext,
): Promise<'saved' | 'stale'> {
  const { updates: _previous, ...meta } = current;
  const outcome = await deps.store.incidents.append(next, current.version, update, writes, {
    idempotency: idempotencyRecord(ctx, result),
    events: updateEvents(meta, update, next.version),
  });
  if (outcome === 'saved') rememberIncident(deps.store, result.incident);
  return outcome;
}

/** `operational` for each of the incident's components that is neither operational nor under maintenance. */
function restored(ids: readonly string[], known: ReadonlyMap<string, Component>): Record<string, ComponentStatus> {
  const down = ids.flatMap((id) => {
    const c = known.get(id);
    return c && !c.group && c.status !== 'operational' && c.status !== 'under_maintenance' ? [id] : [];
  });
  return Object.fromEntries(down.map((id) => [id, 'operational' as const]));
}

/** The incident's components (those that still exist) as this update leaves them. */
function componentsAfter(ids: readonly string[], known: ReadonlyMap<string, Component>, changes: readonly ComponentChange[]): ComponentAfter[] {
  const moved = new Map(changes.map((c) => [c.id, c.new_status]));
  return [...new Set(ids)].flatMap((id) => {
    const c = known.get(id);
    return c ? [{ id, name: c.name, status: moved.get(id) ?? c.status }] : [];
  });
}
