import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { listMaintenances } from '#app/maintenances/list-maintenances';
import { postMaintenanceUpdate } from '#app/maintenances/post-maintenance-update';
import { scheduleMaintenance } from '#app/maintenances/schedule-maintenance';
import type { MaintenanceWithUpdates } from '#core/model';
import { requestContext } from '../request-context';
import { IdParam, MaintenanceListQuery, MaintenanceSchema, PostMaintenanceUpdateBody, ScheduleMaintenanceBody } from '../schemas';
import { bearer, errors, router } from '../validation-hook';
import { maintenanceView } from '../views';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const list = createRoute({
  method: 'get', path: '/', summary: 'List maintenance windows', security: bearer,
  request: { query: MaintenanceListQuery },
  responses: { 200: { description: 'Windows, soonest first', content: json(z.array(MaintenanceSchema)) }, ...errors(400, 401) },
});
const schedule = createRoute({
  method: 'post', path: '/', summary: 'Schedule a maintenance window', security: bearer,
  request: { body: { required: true, content: json(ScheduleMaintenanceBody) } },
  responses: { 201: { description: 'Scheduled', content: json(MaintenanceSchema) }, ...errors(400, 401, 413, 415, 422) },
});
const postUpdate = createRoute({
  method: 'post', path: '/{id}/updates', summary: 'Post a maintenance update', security: bearer,
  request: { params: IdParam, body: { required: true, content: json(PostMaintenanceUpdateBody) } },
  responses: { 201: { description: 'Posted', content: json(MaintenanceSchema) }, ...errors(400, 401, 404, 409, 413, 415, 422) },
});

export function maintenanceRoutes(deps: AppDeps) {
  const respond = (r: MaintenanceWithUpdates) => ({ status: 201, body: maintenanceView(r) });
  return router()
    .openapi(list, async (c) => c.json((await listMaintenances(deps, c.req.valid('query').state)).map(maintenanceView), 200))
    .openapi(schedule, async (c) => {
      const ctx = requestContext(c, deps.now(), respond);
      return c.json(maintenanceView(await scheduleMaintenance(deps, c.req.valid('json'), ctx)), 201);
    })
    .openapi(postUpdate, async (c) => {
      const ctx = requestContext(c, deps.now(), respond);
      return c.json(maintenanceView(await postMaintenanceUpdate(deps, c.req.valid('param').id, c.req.valid('json'), ctx)), 201);
    });
}
