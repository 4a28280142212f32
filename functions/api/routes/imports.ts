// Moving in: records from another status page (or a Herald export) written as they were, with their
// original times, notifying nobody, found again by their source id on a second run. Admin scope.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { finishImport } from '#app/imports/finish-import';
import { importBatch } from '#app/imports/import-batch';
import { importRecord } from '#app/imports/import-record';
import { HeraldError, ValidationError } from '#core/errors';
import {
  ImportBatchBody,
  ImportBatchParams,
  ImportBatchResultSchema,
  ImportBody,
  ImportComponentRecord,
  ImportIncidentRecord,
  ImportMaintenanceRecord,
  ImportOutcomeSchema,
  ImportParams,
  ImportTemplateRecord,
  RestoredRecord,
} from '../import-schemas';
import { onError } from '../on-error';
import type { Problem } from '../problem';
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

const putMany = createRoute({
  method: 'put',
  path: '/{kind}/{system}',
  summary: 'Import up to 100 records of one kind at once, each answered on its own (as the one-record route would; notifies nobody)',
  security: bearer,
  request: { params: ImportBatchParams, body: { required: true, content: json(ImportBatchBody) } },
  responses: {
    200: { description: "One result per record, in order: 200 with its outcome, or that record's own problem", content: json(ImportBatchResultSchema) },
    ...errors(400, 401, 403, 413, 415),
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
    .openapi(putMany, async (c) => {
      const { kind, system } = c.req.valid('param');
      const body = c.req.valid('json');
      const results: z.infer<typeof ImportBatchResultSchema>['results'] = body.records.map((r) => ({ source_id: r.source_id, status: 200 }));
      const seen = new Set<string>();
      const valid: Array<{ at: number; sourceId: string; record: unknown }> = [];
      const refuse = async (at: number, error: HeraldError) => {
        const problem = (await onError(error, c).json()) as Problem;
        results[at] = { source_id: results[at]!.source_id, status: problem.status, problem };
      };
      for (const [at, r] of body.records.entries()) {
        if (seen.has(r.source_id)) {
          await refuse(at, new ValidationError(`The source id ${r.source_id} is in this batch twice.`, [{ path: `records.${at}.source_id`, message: 'duplicate' }]));
          continue;
        }
        seen.add(r.source_id);
        try {
          valid.push({ at, sourceId: r.source_id, record: parseRecord(kind, system, r.record) });
        } catch (error) {
          if (!(error instanceof HeraldError)) throw error;
          await refuse(at, error);
        }
      }
      const outcomes = valid.length === 0 ? [] : await importBatch(deps, { kind, system, dryRun: body.dry_run ?? false, records: valid });
      for (const [i, outcome] of outcomes.entries()) {
        const at = valid[i]!.at;
        if (outcome instanceof HeraldError) await refuse(at, outcome);
        else results[at] = { source_id: results[at]!.source_id, status: 200, outcome };
      }
      return c.json({ results }, 200);
    })
    .openapi(put, async (c) => {
      const { kind, system, source_id } = c.req.valid('param');
      const body = c.req.valid('json');
      const record = parseRecord(kind, system, body.record);
      const outcome = await importRecord(deps, { kind, system, sourceId: source_id, record, dryRun: body.dry_run ?? false });
      return c.json(outcome, 200);
    });
}
