import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { createComponent } from '#app/components/create-component';
import { deleteComponent } from '#app/components/delete-component';
import { listComponents } from '#app/components/list-components';
import { updateComponent } from '#app/components/update-component';
import type { Component } from '#core/model';
import { ifMatchVersion, requestContext } from '../request-context';
import { ComponentSchema, CreateComponentBody, IdParam, IfMatchHeader, UpdateComponentBody } from '../schemas';
import { bearer, errors, router } from '../validation-hook';
import { componentView } from '../views';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const list = createRoute({
  method: 'get', path: '/', summary: 'List components', security: bearer,
  responses: { 200: { description: 'Every component', content: json(z.array(ComponentSchema)) }, ...errors(401) },
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

export function componentRoutes(deps: AppDeps) {
  return router()
    .openapi(list, async (c) => c.json((await listComponents(deps)).map(componentView), 200))
    .openapi(create, async (c) => {
      const ctx = requestContext(c, deps.now(), (r: Component) => ({ status: 201, body: componentView(r) }));
      return c.json(componentView(await createComponent(deps, c.req.valid('json'), ctx)), 201);
    })
    .openapi(patch, async (c) => {
      const ctx = { ...requestContext(c, deps.now()), ifMatch: ifMatchVersion(c.req.header('if-match')) };
      return c.json(componentView(await updateComponent(deps, c.req.valid('param').id, c.req.valid('json'), ctx)), 200);
    })
    .openapi(remove, async (c) => {
      await deleteComponent(deps, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
