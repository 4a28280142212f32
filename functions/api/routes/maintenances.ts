import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { cancelMaintenance } from '#app/maintenances/cancel-maintenance';
import { editMaintenance } from '#app/maintenances/edit-maintenance';
import { listMaintenances } from '#app/maintenances/list-maintenances';
import { postMaintenanceUpdate } from '#app/maintenances/post-maintenance-update';
import { scheduleMaintenance } from '#app/maintenances/schedule-maintenance';
import type { MaintenanceWithUpdates } from '#core/model';
import { ifMatchVersion, requestContext } from '../request-context';
import {
  CancelMaintenanceBody,
  EditMaintenanceBody,
  IdParam,
  IfMatchHeader,
  MaintenanceListQuery,
  MaintenanceSchema,
  PostMaintenanceUpdateBody,
  ScheduleMaintenanceBody,
} from '../schemas';
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

const edit = createRoute({
  method: 'patch', path: '/{id}', summary: 'Edit a window (times, components, title) before it completes', security: bearer,
  description: 'Start and components change only while scheduled; title and end until completed. No update is posted (no mail).',
  request: { params: IdParam, headers: IfMatchHeader, body: { required: true, content: json(EditMaintenanceBody) } },
  responses: { 200: { description: 'Changed', content: json(MaintenanceSchema) }, ...errors(400, 401, 404, 409, 412, 413, 415) },
});

const cancel = createRoute({
  method: 'post', path: '/{id}/cancel', summary: 'Cancel a window that has not started', security: bearer,
  description:
    'Posts a final update (status completed, `cancelled_at` set): the scheduler never starts it, /maintenance.ics marks it ' +
    'STATUS:CANCELLED and Statuspage JSON shows it completed. A window that has started (or completed) is 409.',
  request: { params: IdParam, body: { required: false, content: json(CancelMaintenanceBody) } },
  responses: { 201: { description: 'Cancelled', content: json(MaintenanceSchema) }, ...errors(400, 401, 404, 409, 413, 415) },
});

export function maintenanceRoutes(deps: AppDeps) {
  const respond = (r: MaintenanceWithUpdates) => ({ status: 201, body: maintenanceView(r) });
  return router()
    .openapi(list, async (c) => c.json((await listMaintenances(deps, c.req.valid('query').state)).map(maintenanceView), 200))
    .openapi(schedule, async (c) => {
      const ctx = requestContext(c, deps.now(), respond);
      return c.json(maintenanceView(await scheduleMaintenance(deps, c.req.valid('json'), ctx)), 201);
    })
    .openapi(edit, async (c) => {
      const ctx = { ...requestContext(c, deps.now()), ifMatch: ifMatchVersion(c.req.header('if-match')) };
      return c.json(maintenanceView(await editMaintenance(deps, c.req.valid('param').id, c.req.valid('json'), ctx)), 200);
    })
    .openapi(postUpdate, async (c) => {
      const ctx = requestContext(c, deps.now(), respond);
      return c.json(maintenanceView(await postMaintenanceUpdate(deps, c.req.valid('param').id, c.req.valid('json'), ctx)), 201);
    })
    .openapi(cancel, async (c) => {
      const ctx = requestContext(c, deps.now(), respond);
      const body = (c.req.valid('json') as { message?: string; notify?: boolean } | undefined) ?? {};
      return c.json(maintenanceView(await cancelMaintenance(deps, c.req.valid('param').id, body, ctx)), 201);
    });
}
