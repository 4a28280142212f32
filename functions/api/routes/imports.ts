// Moving in: records from another status page (or a Herald export) written as they were, with their
// original times, notifying nobody, found again by their source id on a second run. Admin scope.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { finishImport } from '#app/imports/finish-import';
import { importRecord } from '#app/imports/import-record';
import { ValidationError } from '#core/errors';
import {
  ImportBody,
  ImportComponentRecord,
  ImportIncidentRecord,
  ImportMaintenanceRecord,
  ImportOutcomeSchema,
  ImportParams,
  ImportTemplateRecord,
  RestoredRecord,
} from '../import-schemas';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const put = createRoute({
  method: 'put',
  path: '/{kind}/{system}/{source_id}',
  summary: 'Import one record as it was in its source (idempotent by source id; notifies nobody)',
  security: bearer,
  request: { params: ImportParams, body: { required: true, content: json(ImportBody) } },
  responses: {
    200: { description: 'created, updated or same (with the first differences); a dry run writes nothing', content: json(ImportOutcomeSchema) },
    ...errors(400, 401, 403, 409, 413, 415),
  },
});

const finish = createRoute({
  method: 'post',
  path: '/finish',
  summary: 'End an import: the site is rebuilt once, in full',
  security: bearer,
  responses: {
    202: { description: 'The rebuild was asked for', content: json(z.object({ rebuild_requested_at: z.string() })) },
    ...errors(401, 403),
  },
});

const RECORD_SCHEMAS = {
  component_group: ImportComponentRecord,
  component: ImportComponentRecord,
  incident: ImportIncidentRecord,
  maintenance: ImportMaintenanceRecord,
  template: ImportTemplateRecord,
} as const;

function parseRecord(kind: keyof typeof RECORD_SCHEMAS, system: string, record: unknown): unknown {
  const schema = system === 'herald' ? RestoredRecord : RECORD_SCHEMAS[kind];
  const parsed = schema.safeParse(record);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    `The ${kind} record is not valid.`,
    parsed.error.issues.map((issue) => ({
      path: ['record', ...issue.path].join('.'),
      message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
    })),
  );
}

export function importRoutes(deps: AppDeps) {
  return router()
    .openapi(finish, async (c) => c.json(await finishImport(deps), 202))
    .openapi(put, async (c) => {
      const { kind, system, source_id } = c.req.valid('param');
      const body = c.req.valid('json');
      const record = parseRecord(kind, system, body.record);
      const outcome = await importRecord(deps, { kind, system, sourceId: source_id, record, dryRun: body.dry_run ?? false });
      return c.json(outcome, 200);
    });
}
