import { NotFoundError } from '#core/errors';
import { incidentAfterUpdate } from '#core/incident-state';
import type { Incident, IncidentUpdate, IncidentWithUpdates } from '#core/model';
import { postmortemEvents, updateEvents } from '#core/timeline';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import { forgetIncident } from './recent-incidents';

export interface PutPostmortemInput {
  body: string;
  published?: boolean;
}

/** What the notifying update says when a postmortem is first published (the mail's body). */
export const POSTMORTEM_PUBLISHED_MESSAGE =
  'We have published the postmortem for this incident: what happened, why, and what we are changing ' +
  'so that it does not happen again. You can read it on the incident page.';

/**
 * Writes (or rewrites) an incident's postmortem; publishing it shows it on the page. The first
 * publication also appends a public update with notify (status unchanged), in the same
 * transaction, so the mailer tells the incident's subscribers once: `notified_at` remembers it,
 * and unpublishing and publishing again mails nobody.
 */
export async function putPostmortem(
  deps: AppDeps,
  incidentId: string,
  input: PutPostmortemInput,
  ctx: RequestContext,
): Promise<IncidentWithUpdates> {
  return deps.locks.run(`incident:${incidentId}`, () =>
    untilSaved(async () => {
      forgetIncident(deps.store, incidentId); // the next update reads what this change leaves
      const current = await deps.store.incidents.get(incidentId);
      if (!current) throw new NotFoundError(`No incident with id ${incidentId}.`);
      const { updates, ...meta } = current;
      const published = input.published ?? false;
      const notify = published && !meta.postmortem?.notified_at;
      const saved: Incident = {
        ...meta,
        postmortem: {
          body: input.body,
          published,
          published_at: published ? (meta.postmortem?.published_at ?? ctx.now) : null,
          updated_at: ctx.now,
          notified_at: notify ? ctx.now : (meta.postmortem?.notified_at ?? null),
        },
        updated_at: ctx.now,
        version: meta.version + 1,
      };
      if (!notify) {
        const outcome = await deps.store.incidents.save(saved, current.version, {
          events: postmortemEvents(meta, saved, ctx.actor, ctx.now),
        });
        return { outcome, result: { ...saved, updates } };
      }
      const seq = meta.update_count + 1;
      const update: IncidentUpdate = {
        id: `${incidentId}-${seq}`,
        incident_id: incidentId,
        seq,
        status: meta.status,
        message: POSTMORTEM_PUBLISHED_MESSAGE,
        component_changes: [],
        notify: true,
        created_at: ctx.now,
        posted_by: ctx.actor,
      };
      // incidentAfterUpdate counts the version on from `meta`, as a save would.
      const next = incidentAfterUpdate({ ...saved, version: meta.version }, update);
      const events = [...postmortemEvents(meta, next, ctx.actor, ctx.now), ...updateEvents(meta, update, next.version)].map(
        (event, i) => ({ ...event, n: `${String(next.version).padStart(6, '0')}.${i}` }),
      );
      const outcome = await deps.store.incidents.append(next, current.version, update, [], { events });
      return { outcome, result: { ...next, updates: [...updates, update] } };
    }),
  );
}
