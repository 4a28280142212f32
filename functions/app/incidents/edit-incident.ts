import { NotFoundError, PreconditionFailedError } from '#core/errors';
import type { IncidentRoles, IncidentWithUpdates } from '#core/model';
import { impactOf, type Severity } from '#core/severity';
import { editEvents } from '#core/timeline';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import { impactStart } from './declare-incident';
import { forgetIncident } from './recent-incidents';

export interface EditIncidentInput {
  title?: string;
  severity?: Severity;
  roles?: IncidentRoles;
  /** When the impact began (a correction, e.g. for the postmortem). */
  started_at?: string;
}

/** Changes an incident's title, severity or roles; with `ifMatch`, only at that version. */
export async function editIncident(
  deps: AppDeps,
  incidentId: string,
  input: EditIncidentInput,
  ctx: RequestContext & { ifMatch?: number },
): Promise<IncidentWithUpdates> {
  return deps.locks.run(`incident:${incidentId}`, () =>
    untilSaved(async () => {
      const current = await deps.store.incidents.get(incidentId);
      if (!current) throw new NotFoundError(`No incident with id ${incidentId}.`);
      if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
        throw new PreconditionFailedError(`The incident is at version ${current.version}, not ${ctx.ifMatch}.`);
      }
      const { updates, ...meta } = current;
      const severity = input.severity ?? meta.severity;
      const next = {
        ...meta,
        title: input.title ?? meta.title,
        severity,
        impact: impactOf(severity, deps.config.severities),
        roles: input.roles ? { ...meta.roles, ...input.roles } : meta.roles,
        started_at: input.started_at === undefined ? meta.started_at : impactStart(input.started_at, ctx.now),
        updated_at: ctx.now,
        version: meta.version + 1,
      };
      forgetIncident(deps.store, incidentId); // the next update reads what this edit left
      const outcome = await deps.store.incidents.save(next, current.version, { events: editEvents(meta, next, ctx.actor, ctx.now) });
      if (outcome === 'stale' && ctx.ifMatch !== undefined) {
        throw new PreconditionFailedError('The incident changed while this request was applied.');
      }
      return { outcome, result: { ...next, updates } };
    }),
  );
}
