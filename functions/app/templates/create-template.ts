import type { ComponentStatus } from '#core/component-status';
import { ConflictError } from '#core/errors';
import type { IncidentStatus } from '#core/incident-lifecycle';
import type { MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { Severity } from '#core/severity';
import type { Template, TemplateKind } from '#core/templates';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { newId } from '../ids';
import { assertValidTemplate } from './check-template';

export interface CreateTemplateInput {
  name: string;
  kind: TemplateKind;
  title: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  components?: Record<string, ComponentStatus>;
  severity?: Severity | null;
  notify?: boolean;
}

export async function createTemplate(deps: AppDeps, input: CreateTemplateInput, ctx: RequestContext): Promise<Template> {
  const template: Template = {
    id: newId(),
    name: input.name,
    kind: input.kind,
    title: input.title,
    status: input.status,
    body: input.body,
    components: input.components ?? {},
    severity: input.severity ?? null,
    notify: input.notify ?? true,
    version: 1,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await assertValidTemplate(deps, template);
  const outcome = await deps.store.templates.create(template, { idempotency: idempotencyRecord(ctx, template) });
  if (outcome === 'exists') throw new ConflictError('A template with that id exists already; try again.');
  return template;
}
