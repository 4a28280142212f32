import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { createTemplate } from '#app/templates/create-template';
import { deleteTemplate } from '#app/templates/delete-template';
import { getTemplate } from '#app/templates/get-template';
import { listTemplates } from '#app/templates/list-templates';
import { renderTemplateDraft } from '#app/templates/render-template';
import { updateTemplate } from '#app/templates/update-template';
import type { IncidentStatus } from '#core/incident-lifecycle';
import type { MaintenanceStatus } from '#core/maintenance-lifecycle';
import { parseSeverity, type Severity } from '#core/severity';
import type { Template } from '#core/templates';
import { ifMatchVersion, requestContext } from '../request-context';
import { IdParam, IfMatchHeader } from '../schemas';
import { CreateTemplateBody, RenderTemplateBody, TemplateDraftSchema, TemplateSchema, UpdateTemplateBody } from '../template-schemas';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const list = createRoute({
  method: 'get', path: '/', summary: 'List templates', security: bearer,
  responses: {
    200: { description: 'Every template, incident ones then maintenance ones, each by name (the shipped seeds on first use)', content: json(z.array(TemplateSchema)) },
    ...errors(401),
  },
});
const create = createRoute({
  method: 'post', path: '/', summary: 'Create a template', security: bearer,
  request: { body: { required: true, content: json(CreateTemplateBody) } },
  responses: { 201: { description: 'Created', content: json(TemplateSchema) }, ...errors(400, 401, 413, 415, 422) },
});
const read = createRoute({
  method: 'get', path: '/{id}', summary: 'Read a template', security: bearer,
  request: { params: IdParam },
  responses: { 200: { description: 'The template', content: json(TemplateSchema) }, ...errors(401, 404) },
});
const patch = createRoute({
  method: 'patch', path: '/{id}', summary: 'Change a template', security: bearer,
  request: { params: IdParam, headers: IfMatchHeader, body: { required: true, content: json(UpdateTemplateBody) } },
  responses: { 200: { description: 'Changed', content: json(TemplateSchema) }, ...errors(400, 401, 404, 412, 413, 415) },
});
const remove = createRoute({
  method: 'delete', path: '/{id}', summary: 'Delete a template', security: bearer,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(401, 404) },
});
const render = createRoute({
  method: 'post', path: '/{id}/render', summary: 'Fill a template: the draft a post of it would say', security: bearer,
  request: { params: IdParam, body: { required: false, content: json(RenderTemplateBody) } },
  responses: { 200: { description: 'The filled draft (nothing is saved)', content: json(TemplateDraftSchema) }, ...errors(400, 401, 404, 413, 415) },
});

type Body = z.infer<typeof UpdateTemplateBody>;

/** The body as the use cases take it: statuses typed, severity aliases (P1) normalised. */
function templateInput<T extends Body>(body: T) {
  const { severity, status, ...rest } = body;
  return {
    ...rest,
    ...(status === undefined ? {} : { status: status as IncidentStatus | MaintenanceStatus }),
    ...(severity === undefined ? {} : { severity: severity === null ? null : (parseSeverity(severity) as Severity) }),
  };
}

const view = (template: Template) => template;

export function templateRoutes(deps: AppDeps) {
  return router()
    .openapi(list, async (c) => c.json((await listTemplates(deps)).map(view), 200))
    .openapi(create, async (c) => {
      const ctx = requestContext(c, deps.now(), (t: Template) => ({ status: 201, body: view(t) }));
      const body = c.req.valid('json');
      return c.json(view(await createTemplate(deps, { ...templateInput(body), kind: body.kind, name: body.name, title: body.title, body: body.body, status: body.status as IncidentStatus | MaintenanceStatus }, ctx)), 201);
    })
    .openapi(read, async (c) => c.json(view(await getTemplate(deps, c.req.valid('param').id)), 200))
    .openapi(patch, async (c) => {
      const ctx = { ...requestContext(c, deps.now()), ifMatch: ifMatchVersion(c.req.header('if-match')) };
      return c.json(view(await updateTemplate(deps, c.req.valid('param').id, templateInput(c.req.valid('json')), ctx)), 200);
    })
    .openapi(remove, async (c) => {
      await deleteTemplate(deps, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(render, async (c) => {
      const body: z.infer<typeof RenderTemplateBody> = c.req.valid('json') ?? {};
      return c.json(await renderTemplateDraft(deps, c.req.valid('param').id, body), 200);
    });
}
