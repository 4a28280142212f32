// GET /v1/incidents/{id}/timeline: the incident's internal timeline, for responders only (the
// public page and its JSON never read it).
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { readTimeline } from '#app/timeline/read-timeline';
import { IdParam, TimelineSchema } from '../schemas';
import { bearer, errors, router } from '../validation-hook';
import { timelineEventView } from '../views';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const timeline = createRoute({
  method: 'get', path: '/{id}/timeline', summary: "The incident's internal timeline (responders only)", security: bearer,
  description: 'Declared, severity changed, role assigned, update posted, components changed, postmortem published, update overdue: with the actor and the time, oldest first.',
  request: { params: IdParam },
  responses: { 200: { description: 'Events, oldest first', content: json(TimelineSchema) }, ...errors(401, 404) },
});

export function timelineRoutes(deps: AppDeps) {
  return router().openapi(timeline, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ incident_id: id, events: (await readTimeline(deps, id)).map(timelineEventView) }, 200);
  });
}
