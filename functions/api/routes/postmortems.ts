// Postmortems: a Markdown draft pre-filled from the incident (GET /v1/incidents/{id}/postmortem/draft)
// and the list of incidents by where their postmortem stands (GET /v1/postmortems?state=overdue).
// Writing and publishing one is PUT /v1/incidents/{id}/postmortem (routes/incidents.ts).
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { draftPostmortem } from '#app/postmortems/draft-postmortem';
import { listPostmortems } from '#app/postmortems/list-postmortems';
import { IdParam, PostmortemDraftSchema, PostmortemListingSchema, PostmortemListQuery } from '../schemas';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const draft = createRoute({
  method: 'get', path: '/{id}/postmortem/draft', summary: 'A postmortem draft pre-filled from the incident', security: bearer,
  description:
    'Summary, impact (severity, duration, components, subscribers notified), the internal timeline, then sections for the ' +
    'five whys, contributing factors, what went well and poorly, and action items. `Accept: text/markdown` answers the ' +
    'Markdown itself; otherwise JSON whose `body` can be edited and PUT to /v1/incidents/{id}/postmortem.',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The draft',
      content: { ...json(PostmortemDraftSchema), 'text/markdown': { schema: z.string() } },
    },
    ...errors(401, 404),
  },
});

const list = createRoute({
  method: 'get', path: '/', summary: 'Resolved incidents by where their postmortem stands', security: bearer,
  description:
    "`overdue`: required by the severity's policy and past its deadline (resolved_at + within_hours); `due`: required, " +
    'still in time; `published`; `all`: every resolved incident whose severity asks for one.',
  request: { query: PostmortemListQuery },
  responses: { 200: { description: 'Most pressing first', content: json(z.array(PostmortemListingSchema)) }, ...errors(400, 401) },
});

const wantsMarkdown = (accept: string | undefined) => /\btext\/(markdown|plain)\b/i.test(accept ?? '');

export function postmortemDraftRoutes(deps: AppDeps) {
  return router().openapi(draft, async (c) => {
    const { id } = c.req.valid('param');
    const { body } = await draftPostmortem(deps, id);
    if (wantsMarkdown(c.req.header('accept'))) {
      return c.body(body, 200, { 'content-type': 'text/markdown; charset=utf-8' });
    }
    return c.json({ incident_id: id, body }, 200);
  });
}

export function postmortemRoutes(deps: AppDeps) {
  return router().openapi(list, async (c) => {
    const { state, limit } = c.req.valid('query');
    return c.json(await listPostmortems(deps, state, limit), 200);
  });
}
