// GET /v1/incidents/{id}/timeline: the incident's internal timeline, for responders only (the
// public page and its JSON never read it); POST /v1/incidents/{id}/notes: an internal note on it.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { postIncidentNote } from '#app/incidents/post-incident-note';
import { readTimeline } from '#app/timeline/read-timeline';
import type { TimelineEvent } from '#core/timeline';
import { requestContext } from '../request-context';
import { IdParam, PostNoteBody, TimelineEventSchema, TimelineSchema } from '../schemas';
import { bearer, errors, router } from '../validation-hook';
import { timelineEventView } from '../views';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const timeline = createRoute({
  method: 'get', path: '/{id}/timeline', summary: "The incident's internal timeline (responders only)", security: bearer,
  description:
    'Declared, severity changed, role assigned, update posted, components changed, postmortem published, update overdue, notes: ' +
    'with the actor and the time, oldest first.',
  request: { params: IdParam },
  responses: { 200: { description: 'Events, oldest first', content: json(TimelineSchema) }, ...errors(401, 404) },
});

const note = createRoute({
  method: 'post', path: '/{id}/notes', summary: 'Post an internal note (never published)', security: bearer,
  description: 'Recorded in the internal timeline as a `note` event with its author; never on the public page, its feeds, JSON or mail.',
  request: { params: IdParam, body: { required: true, content: json(PostNoteBody) } },
  responses: { 201: { description: 'The note as a timeline event', content: json(TimelineEventSchema) }, ...errors(400, 401, 404, 413, 415) },
});

export function timelineRoutes(deps: AppDeps) {
  return router()
    .openapi(timeline, async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ incident_id: id, events: (await readTimeline(deps, id)).map(timelineEventView) }, 200);
    })
    .openapi(note, async (c) => {
      const ctx = requestContext(c, deps.now(), (event: TimelineEvent) => ({ status: 201, body: timelineEventView(event) }));
      const event = await postIncidentNote(deps, ctx, c.req.valid('param').id, c.req.valid('json'));
      return c.json(timelineEventView(event), 201);
    });
}
