// The records PUT /v1/imports/{kind}/{system}/{source_id} takes, per kind (app/imports/import-inputs.ts).
// Times are ISO 8601 with an offset; texts have the same limits as the routes that make them live.
import { z } from '@hono/zod-openapi';
import { COMPONENT_STATUSES } from '#core/component-status';
import { IMPORT_KINDS, IMPORT_SYSTEMS } from '#core/import-source';
import { INCIDENT_STATUSES } from '#core/incident-lifecycle';
import { MAINTENANCE_STATUSES } from '#core/maintenance-lifecycle';
import { SEVERITIES } from '#core/severity';
import { TEMPLATE_KINDS } from '#core/templates';
import { EXPORT_KINDS } from '#app/imports/export-records';

const at = z.string().datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const sourceId = z.string().min(1).max(200);
const status = z.enum(COMPONENT_STATUSES);
const message = z.string().trim().min(1).max(20_000);

export const ImportComponentRecord = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(1000).nullable().default(null),
    group: sourceId.nullable().default(null),
    status: status.default('operational'),
    position: z.number().int().min(0).max(10_000).default(0),
    showcase: z.boolean().default(true),
    only_show_if_degraded: z.boolean().default(false),
    created_at: at,
    updated_at: at,
  })
  .strict();

export const ImportIncidentRecord = z
  .object({
    title: z.string().trim().min(1).max(200),
    severity: z.enum(SEVERITIES),
    created_at: at,
    updated_at: at,
    started_at: at,
    updates: z
      .array(
        z
          .object({
            id: sourceId,
            status: z.enum(INCIDENT_STATUSES),
            message,
            created_at: at,
            notify: z.boolean().default(false),
            components: z.array(z.object({ component: sourceId, old_status: status, new_status: status }).strict()).max(200).default([]),
          })
          .strict(),
      )
      .min(1)
      .max(500),
    postmortem: z
      .object({ body: z.string().trim().min(1).max(60_000), published: z.boolean(), published_at: at.nullable(), updated_at: at })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export const ImportMaintenanceRecord = z
  .object({
    title: z.string().trim().min(1).max(200),
    scheduled_for: at,
    scheduled_until: at,
    auto_transition: z.boolean().default(true),
    components: z.array(sourceId).max(200).default([]),
    created_at: at,
    updated_at: at,
    updates: z
      .array(z.object({ id: sourceId, status: z.enum(MAINTENANCE_STATUSES), message, created_at: at, notify: z.boolean().default(false) }).strict())
      .min(1)
      .max(500),
  })
  .strict();

export const ImportTemplateRecord = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(TEMPLATE_KINDS),
    title: z.string().trim().min(1).max(200),
    status: z.string(),
    body: z.string().trim().min(1).max(20_000),
    components: z.record(sourceId, status).default({}),
    severity: z.enum(SEVERITIES).nullable().default(null),
    notify: z.boolean().default(true),
    created_at: at,
    updated_at: at,
  })
  .strict();

/** A restore's record: an exported record as it was stored (docs/export-format.md). */
export const RestoredRecord = z.object({ id: z.string().min(1).max(200), version: z.number().int().min(0) }).passthrough();

export const ImportParams = z.object({
  kind: z.enum(IMPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' } }),
  system: z.enum(IMPORT_SYSTEMS).openapi({ param: { name: 'system', in: 'path' } }),
  source_id: sourceId.openapi({ param: { name: 'source_id', in: 'path' } }),
});

export const ImportBody = z
  .object({
    record: z.record(z.string(), z.unknown()).openapi({ description: 'The record, shaped as its kind says (see docs/import-api.md); a restore (`herald`) sends the exported record.' }),
    dry_run: z.boolean().optional().openapi({ description: 'Compare only: nothing is written.' }),
  })
  .strict();

export const ImportOutcomeSchema = z
  .object({
    result: z.enum(['created', 'updated', 'same']),
    id: z.string(),
    differences: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    warnings: z.array(z.string()),
    dry_run: z.boolean(),
  })
  .openapi('ImportOutcome');

export const ImportBatchParams = z.object({
  kind: z.enum(IMPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' } }),
  system: z.enum(IMPORT_SYSTEMS).openapi({ param: { name: 'system', in: 'path' } }),
});

export const ImportBatchBody = z
  .object({
    records: z
      .array(
        z
          .object({
            source_id: sourceId,
            record: z.record(z.string(), z.unknown()).openapi({ description: 'As `record` of PUT /v1/imports/{kind}/{system}/{source_id}.' }),
          })
          .strict(),
      )
      .min(1)
      .max(100)
      .openapi({ description: 'Up to 100 records of the kind (the body stays within 64 KiB), each with its source id (distinct).' }),
    dry_run: z.boolean().optional().openapi({ description: 'Compare only: nothing is written.' }),
  })
  .strict();

export const ImportBatchResultSchema = z
  .object({
    results: z
      .array(
        z.object({
          source_id: z.string(),
          /** 200 with the outcome, or the status of the problem that refused this record alone. */
          status: z.number().int(),
          outcome: ImportOutcomeSchema.optional(),
          problem: z
            .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() })
            .optional(),
        }),
      )
      .openapi({ description: "One per record, in the body's order: `status` 200 with `outcome`, or the record's own `problem` (problem+json's fields)." }),
  })
  .openapi('ImportBatchResult');

export const ExportParams = z.object({ kind: z.enum(EXPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' } }) });
export const ExportQuery = z.object({ cursor: z.string().max(2000).optional() });
export const ExportPageSchema = z
  .object({ kind: z.enum(EXPORT_KINDS), records: z.array(z.unknown()), next_cursor: z.string().nullable() })
  .openapi('ExportPage');
