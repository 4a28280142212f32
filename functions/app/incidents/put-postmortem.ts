import { NotFoundError } from '#core/errors';
import type { IncidentWithUpdates } from '#core/model';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';

export interface PutPostmortemInput {
  body: string;
  published?: boolean;
}

/** Writes (or rewrites) an incident's postmortem; publishing it shows it on the page. */
export async function putPostmortem(
  deps: AppDeps,
  incidentId: string,
  input: PutPostmortemInput,
  ctx: RequestContext,
): Promise<IncidentWithUpdates> {
  return deps.locks.run(`incident:${incidentId}`, () =>
    untilSaved(async () => {
      const current = await deps.store.incidents.get(incidentId);
      if (!current) throw new NotFoundError(`No incident with id ${incidentId}.`);
      const { updates, ...meta } = current;
      const published = input.published ?? false;
      const next = {
        ...meta,
        postmortem: {
          body: input.body,
          published,
          published_at: published ? (meta.postmortem?.published_at ?? ctx.now) : null,
          updated_at: ctx.now,
        },
        updated_at: ctx.now,
        version: meta.version + 1,
      };
      const outcome = await deps.store.incidents.save(next, current.version);
      return { outcome, result: { ...next, updates } };
    }),
  );
}
