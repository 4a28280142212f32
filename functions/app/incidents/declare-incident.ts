import type { ComponentStatus } from '#core/component-status';
import { updatePromise } from '#core/cadence';
import { ContentionError, ValidationError } from '#core/errors';
import { incidentIdBase, incidentIdCandidate } from '#core/incident-id';
import type { IncidentStatus } from '#core/incident-lifecycle';
import type { Incident, IncidentUpdate, IncidentWithUpdates } from '#core/model';
import { impactOf, type Severity } from '#core/severity';
import { declarationEvents } from '#core/timeline';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { componentMoves } from './component-moves';
import { rememberIncident } from './recent-incidents';

export interface DeclareIncidentInput {
  title: string;
  severity: Severity;
  message: string;
  status?: IncidentStatus;
  components?: Record<string, ComponentStatus>;
  notify?: boolean;
  /** When the impact began, if before the declaration (drives time-to-first-update metrics). */
  started_at?: string;
  /** "Next update by" (ISO): after now, at most 24 h ahead; default now + the severity's cadence. */
  next_update_at?: string;
}

/** The promise an update posted at `at` makes (core/cadence.ts updatePromise), or a 400 naming the field. */
export function promiseOf(input: Parameters<typeof updatePromise>[0]): string | null {
  const promise = updatePromise(input);
  if (!promise.ok) {
    throw new ValidationError(`next_update_at: ${promise.reason}.`, [{ path: 'next_update_at', message: promise.reason }]);
  }
  return promise.next_update_at;
}

/** The impact's start: the declaration time unless an earlier one is given. */
export function impactStart(startedAt: string | undefined, now: string): string {
  if (startedAt === undefined) return now;
  const at = Date.parse(startedAt);
  if (Number.isNaN(at) || at > Date.parse(now)) {
    throw new ValidationError('started_at must be a time no later than now.', [{ path: 'started_at', message: 'in the future' }]);
  }
  return new Date(at).toISOString();
}

const MAX_SAME_MINUTE = 500;

/** Declares an incident: the incident, its first update and its component moves in one write. */
export async function declareIncident(
  deps: AppDeps,
  input: DeclareIncidentInput,
  ctx: RequestContext,
): Promise<IncidentWithUpdates> {
  const status = input.status ?? 'investigating';
  const startedAt = impactStart(input.started_at, ctx.now);
  const nextUpdateAt = promiseOf({
    status,
    at: ctx.now,
    requested: input.next_update_at,
    policy: deps.config.severities[input.severity],
  });
  const base = incidentIdBase(ctx.now);
  for (let attempt = 1; attempt <= MAX_SAME_MINUTE; attempt++) {
    const id = incidentIdCandidate(base, attempt);
    const { changes, writes } = await componentMoves(deps, input.components, ctx.now, `${id}#1`);
    const update: IncidentUpdate = {
      id: `${id}-1`,
      incident_id: id,
      seq: 1,
      status,
      message: input.message,
      component_changes: changes,
      notify: input.notify ?? true,
      created_at: ctx.now,
      posted_by: ctx.actor,
      next_update_at: nextUpdateAt,
    };
    const incident: Incident = {
      id,
      title: input.title,
      severity: input.severity,
      impact: impactOf(input.severity, deps.config.severities),
      status,
      component_ids: changes.map((c) => c.id),
      component_names: Object.fromEntries(changes.map((c) => [c.id, c.name])),
      roles: {},
      created_at: ctx.now,
      updated_at: ctx.now,
      started_at: startedAt,
      identified_at: status === 'identified' ? ctx.now : null,
      monitoring_at: status === 'monitoring' ? ctx.now : null,
      resolved_at: status === 'resolved' ? ctx.now : null,
      last_update_at: ctx.now,
      next_update_at: nextUpdateAt,
      update_count: 1,
      postmortem: null,
      declared_by: ctx.actor,
      version: 1,
    };
    const result: IncidentWithUpdates = { ...incident, updates: [update] };
    const outcome = await deps.store.incidents.create(incident, update, writes, {
      idempotency: idempotencyRecord(ctx, result),
      events: declarationEvents(incident, update),
    });
    if (outcome === 'created') {
      rememberIncident(deps.store, result); // its first update starts from this copy (recent-incidents.ts)
      return result;
    }
  }
  throw new ContentionError(`More than ${MAX_SAME_MINUTE} incidents declared in one minute.`);
}
