// The request and response shapes of /v1/templates (kept apart from schemas.ts, which they extend).
import { z } from '@hono/zod-openapi';
import { MAX_COMPONENTS_PER_CHANGE } from '#core/change-limits';
import { INCIDENT_STATUSES } from '#core/incident-lifecycle';
import { MAINTENANCE_STATUSES } from '#core/maintenance-lifecycle';
import { SEVERITIES } from '#core/severity';
import { TEMPLATE_KINDS, TEMPLATE_PLACEHOLDERS } from '#core/templates';
import { ComponentStatusSchema, SeverityInputSchema } from './schemas';

const placeholders = TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');
const templateStatus = z
  .enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES])
  .openapi({ description: 'An incident status for an incident template, a maintenance status for a maintenance one.' });
const components = z
  .record(z.string().min(1).max(64), ComponentStatusSchema)
  .refine((map) => Object.keys(map).length <= MAX_COMPONENTS_PER_CHANGE, {
    message: `at most ${MAX_COMPONENTS_PER_CHANGE} components: one change is saved all or nothing`,
  })
  .openapi({
    description: `Component id → the status the template puts it in; at most ${MAX_COMPONENTS_PER_CHANGE}.`,
    maxProperties: MAX_COMPONENTS_PER_CHANGE,
    example: { '2fgsmjrb2vdb': 'major_outage' },
  });

export const CreateTemplateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(TEMPLATE_KINDS),
    title: z.string().trim().min(1).max(200).openapi({ description: `May use the placeholders ${placeholders}.` }),
    status: templateStatus,
    body: z
      .string()
      .trim()
      .min(1)
      .max(20_000)
      .openapi({ description: `Markdown with the placeholders ${placeholders}; any other {{…}} is a 400 naming it.` }),
    components: components.optional(),
    severity: SeverityInputSchema.nullable().optional(),
    notify: z.boolean().optional().openapi({ description: 'Whether a post of it notifies subscribers by default (default true).' }),
  })
  .strict()
  .openapi('CreateTemplate');

export const UpdateTemplateBody = CreateTemplateBody.partial().strict().openapi('UpdateTemplate');

export const RenderTemplateBody = z
  .object({
    incident_id: z.string().min(1).max(64).optional().openapi({ description: "An incident whose title, severity, start and components fill the draft." }),
    components: components.optional().openapi({ description: "Components for this draft, over the template's own (same id: this status wins)." }),
  })
  .strict()
  .openapi('RenderTemplate');

const timestamp = z.string().openapi({ format: 'date-time' });

export const TemplateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(TEMPLATE_KINDS),
    title: z.string(),
    status: z.string(),
    body: z.string(),
    components: z.record(z.string(), ComponentStatusSchema),
    severity: z.enum(SEVERITIES).nullable(),
    notify: z.boolean(),
    version: z.number(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Template');

export const TemplateDraftSchema = z
  .object({
    template_id: z.string(),
    template_version: z.number(),
    kind: z.enum(TEMPLATE_KINDS),
    incident_id: z.string().nullable(),
    title: z.string().openapi({ description: "The template's title filled; with incident_id, the incident's own title." }),
    message: z.string().openapi({ description: 'Markdown, placeholders filled: what a post of it says.' }),
    status: z.string(),
    severity: z.enum(SEVERITIES).nullable(),
    components: z.record(z.string(), ComponentStatusSchema),
    notify: z.boolean(),
    next_update_at: timestamp.nullable(),
    warnings: z.array(z.string()),
  })
  .openapi('TemplateDraft');
