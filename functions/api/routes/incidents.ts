import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { declareIncident } from '#app/incidents/declare-incident';
import { editIncident } from '#app/incidents/edit-incident';
import { postIncidentUpdate, type PostedUpdate } from '#app/incidents/post-incident-update';
import { putPostmortem } from '#app/incidents/put-postmortem';
import { getIncident, listIncidents } from '#app/incidents/read-incidents';
import { updateCadenceView } from '#app/workflow/update-cadence';
import type { IncidentWithUpdates } from '#core/model';
import { parseSeverity } from '#core/severity';
import { ifMatchVersion, requestContext } from '../request-context';
import {
  DeclareIncidentBody,
  EditIncidentBody,
  IdParam,
  IfMatchHeader,
  IncidentListQuery,
  IncidentSchema,
  IncidentWithCadenceSchema,
  PostIncidentUpdateBody,
  PostedUpdateSchema,
  PutPostmortemBody,
} from '../schemas';
import { bearer, errors, router } from '../validation-hook';
import { incidentView } from '../views';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const list = createRoute({
  method: 'get', path: '/', summary: 'List incidents, newest first', security: bearer,
  request: { query: IncidentListQuery },
  responses: {
    200: {
      description:
        'A page of incidents, newest first; open ones say when their next public update is due and whether it is overdue. ' +
        'When more follow, `Link: <…>; rel="next"` and `X-Next-Cursor` say where the next page is.',
      headers: z.object({
        link: z.string().optional().openapi({ description: 'RFC 8288: `</v1/incidents?…&cursor=…>; rel="next"` when more follow.' }),
        'x-next-cursor': z.string().optional().openapi({ description: 'Pass as `cursor` for the next page; absent on the last.' }),
      }),
      content: json(z.array(IncidentWithCadenceSchema)),
    },
    ...errors(400, 401),
  },
});
const declare = createRoute({
  method: 'post', path: '/', summary: 'Declare an incident', security: bearer,
  request: { body: { required: true, content: json(DeclareIncidentBody) } },
  responses: { 201: { description: 'Declared', content: json(IncidentSchema) }, ...errors(400, 401, 413, 415, 422) },
});
const getOne = createRoute({
  method: 'get', path: '/{id}', summary: 'An incident with its updates, oldest first', security: bearer,
  request: { params: IdParam },
  responses: { 200: { description: 'The incident', content: json(IncidentWithCadenceSchema) }, ...errors(401, 404) },
});
const edit = createRoute({
  method: 'patch', path: '/{id}', summary: 'Change title, severity or roles', security: bearer,
  request: { params: IdParam, headers: IfMatchHeader, body: { required: true, content: json(EditIncidentBody) } },
  responses: { 200: { description: 'Changed', content: json(IncidentSchema) }, ...errors(400, 401, 404, 412, 413, 415) },
});
const postUpdate = createRoute({
  method: 'post', path: '/{id}/updates', summary: 'Post an update (status change or progress)', security: bearer,
  request: { params: IdParam, headers: IfMatchHeader, body: { required: true, content: json(PostIncidentUpdateBody) } },
  responses: {
    201: { description: 'Posted; `warnings` names practices the change went against', content: json(PostedUpdateSchema) },
    ...errors(400, 401, 404, 409, 412, 413, 415, 422),
  },
});
const postmortem = createRoute({
  method: 'put', path: '/{id}/postmortem', summary: 'Write or publish the postmortem', security: bearer,
  request: { params: IdParam, body: { required: true, content: json(PutPostmortemBody) } },
  responses: { 200: { description: 'Saved', content: json(IncidentSchema) }, ...errors(400, 401, 404, 413, 415) },
});

const postedView = (r: PostedUpdate) => ({ ...incidentView(r.incident), warnings: r.warnings });

export function incidentRoutes(deps: AppDeps) {
  const withCadence = (incident: IncidentWithUpdates, now: string) => ({
    ...incidentView(incident),
    ...updateCadenceView(incident, deps.config.severities, now),
  });
  return router()
    .openapi(list, async (c) => {
      const { state, limit, cursor } = c.req.valid('query');
      const now = deps.now();
      const page = await listIncidents(deps, state, { limit, cursor });
      if (page.next_cursor) {
        const next = new URL(c.req.url);
        next.searchParams.set('cursor', page.next_cursor);
        c.header('link', `<${next.pathname}${next.search}>; rel="next"`);
        c.header('x-next-cursor', page.next_cursor);
      }
      return c.json(page.incidents.map((incident) => withCadence(incident, now)), 200);
    })
    .openapi(declare, async (c) => {
      const body = c.req.valid('json');
      const ctx = requestContext(c, deps.now(), (r: IncidentWithUpdates) => ({ status: 201, body: incidentView(r) }));
      const incident = await declareIncident(deps, { ...body, severity: parseSeverity(body.severity)! }, ctx);
      return c.json(incidentView(incident), 201);
    })
    .openapi(getOne, async (c) => c.json(withCadence(await getIncident(deps, c.req.valid('param').id), deps.now()), 200))
    .openapi(edit, async (c) => {
      const body = c.req.valid('json');
      const ctx = { ...requestContext(c, deps.now()), ifMatch: ifMatchVersion(c.req.header('if-match')) };
      const severity = body.severity ? parseSeverity(body.severity) : undefined;
      return c.json(incidentView(await editIncident(deps, c.req.valid('param').id, { ...body, severity }, ctx)), 200);
    })
    .openapi(postUpdate, async (c) => {
      const ctx = {
        ...requestContext(c, deps.now(), (r: PostedUpdate) => ({ status: 201, body: postedView(r) })),
        ifMatch: ifMatchVersion(c.req.header('if-match')),
      };
      return c.json(postedView(await postIncidentUpdate(deps, c.req.valid('param').id, c.req.valid('json'), ctx)), 201);
    })
    .openapi(postmortem, async (c) => {
      const ctx = requestContext(c, deps.now());
      return c.json(incidentView(await putPostmortem(deps, c.req.valid('param').id, c.req.valid('json'), ctx)), 200);
    });
}
