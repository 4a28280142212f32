import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { componentReferences } from '#app/components/component-references';
import { createComponent } from '#app/components/create-component';
import { deleteComponent } from '#app/components/delete-component';
import { listComponents } from '#app/components/list-components';
import { moveComponent } from '#app/components/move-component';
import { updateComponent } from '#app/components/update-component';
import type { ComponentWithGroup } from '#app/components/list-components';
import { ValidationError } from '#core/errors';
import { ifMatchVersion, requestContext } from '../request-context';
import { ComponentSchema, CreateComponentBody, IdParam, IfMatchHeader, UpdateComponentBody } from '../schemas';
import { bearer, errors, router } from '../validation-hook';
import { componentView } from '../views';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const list = createRoute({
  method: 'get', path: '/', summary: 'List components', security: bearer,
  responses: {
    200: { description: 'Every component: top-level entries by position, each group followed by its components', content: json(z.array(ComponentSchema)) },
    ...errors(401),
  },
});
const create = createRoute({
  method: 'post', path: '/', summary: 'Create a component', security: bearer,
  request: { body: { required: true, content: json(CreateComponentBody) } },
  responses: { 201: { description: 'Created', content: json(ComponentSchema) }, ...errors(400, 401, 409, 413, 415, 422) },
});
const patch = createRoute({
  method: 'patch', path: '/{id}', summary: 'Change a component', security: bearer,
  request: { params: IdParam, headers: IfMatchHeader, body: { required: true, content: json(UpdateComponentBody) } },
  responses: { 200: { description: 'Changed', content: json(ComponentSchema) }, ...errors(400, 401, 404, 412, 413, 415) },
});
const remove = createRoute({
  method: 'delete', path: '/{id}', summary: 'Delete a component', security: bearer,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(401, 404, 409) },
});

const ComponentReferencesSchema = z
  .object({
    incidents: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), started_at: z.string() })),
    maintenances: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), scheduled_for: z.string() })),
    since_month: z.string().nullable().openapi({ description: 'The earliest UTC month of incidents read (the last 24 months at most); null: no incidents at all.' }),
    complete: z.boolean().openapi({ description: 'False when older incidents exist that were not read.' }),
  })
  .openapi('ComponentReferences');
const references = createRoute({
  method: 'get', path: '/{id}/references', summary: 'Incidents and open maintenance windows that name a component', security: bearer,
  description: 'What deleting it affects: incidents declared in the last 24 UTC months whose updates named it (newest first), and windows not completed that cover it.',
  request: { params: IdParam },
  responses: { 200: { description: 'What refers to it', content: json(ComponentReferencesSchema) }, ...errors(401, 404) },
});
const MoveComponentBody = z.object({ direction: z.enum(['up', 'down']) }).strict().openapi('MoveComponent');
const move = createRoute({
  method: 'post', path: '/{id}/move', summary: 'Move a component one place up or down among its siblings', security: bearer,
  description: 'Among the top-level entries, or the components of its group, as listed; at the first or last place nothing changes (moved: false).',
  request: { params: IdParam, body: { required: true, content: json(MoveComponentBody) } },
  responses: { 200: { description: 'Whether it moved', content: json(z.object({ moved: z.boolean() })) }, ...errors(400, 401, 404, 415) },
});

/** `group_name`, or its older alias `group`: the app's `group` (the group's name). */
function withGroupName<T extends { group?: string | null; group_name?: string | null }>(body: T) {
  const { group, group_name, ...rest } = body;
  if (group !== undefined && group_name !== undefined && group !== group_name) {
    throw new ValidationError('`group` is an alias of `group_name`; give one of them.', [
      { path: 'group_name', message: 'differs from group' },
    ]);
  }
  const name = group_name !== undefined ? group_name : group;
  return name === undefined ? rest : { ...rest, group: name };
}

export function componentRoutes(deps: AppDeps) {
  return router()
    .openapi(list, async (c) => c.json((await listComponents(deps)).map(componentView), 200))
    .openapi(create, async (c) => {
      const ctx = requestContext(c, deps.now(), (r: ComponentWithGroup) => ({ status: 201, body: componentView(r) }));
      return c.json(componentView(await createComponent(deps, withGroupName(c.req.valid('json')), ctx)), 201);
    })
    .openapi(patch, async (c) => {
      const ctx = { ...requestContext(c, deps.now()), ifMatch: ifMatchVersion(c.req.header('if-match')) };
      return c.json(componentView(await updateComponent(deps, c.req.valid('param').id, withGroupName(c.req.valid('json')), ctx)), 200);
    })
    .openapi(references, async (c) => c.json(await componentReferences(deps, c.req.valid('param').id), 200))
    .openapi(move, async (c) => {
      const moved = await moveComponent(deps, c.req.valid('param').id, c.req.valid('json').direction, requestContext(c, deps.now()));
      return c.json({ moved }, 200);
    })
    .openapi(remove, async (c) => {
      await deleteComponent(deps, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
