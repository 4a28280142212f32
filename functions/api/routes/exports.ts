// Everything a restore needs, as stored, a page at a time (docs/export-format.md). Admin scope.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { exportRecords } from '#app/imports/export-records';
import { ExportPageSchema, ExportParams, ExportQuery } from '../import-schemas';
import { bearer, errors, router } from '../validation-hook';

const read = createRoute({
  method: 'get',
  path: '/{kind}',
  summary: 'Export one kind of record, as stored (components with status history, incidents with updates and timelines, …)',
  security: bearer,
  request: { params: ExportParams, query: ExportQuery },
  responses: {
    200: { description: 'A page of records; follow next_cursor', content: { 'application/json': { schema: ExportPageSchema } } },
    ...errors(400, 401, 403),
  },
});

export function exportRoutes(deps: AppDeps) {
  return router().openapi(read, async (c) => {
    const { kind } = c.req.valid('param');
    return c.json(await exportRecords(deps, kind, c.req.valid('query').cursor ?? null), 200);
  });
}
