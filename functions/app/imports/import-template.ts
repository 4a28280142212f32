// Imports an incident or maintenance template (Statuspage's incident templates, a restore's templates),
// checked as any template is (core/templates.ts).
import { ValidationError } from '#core/errors';
import type { ImportSource } from '#core/import-source';
import { checkTemplate, type Template } from '#core/templates';
import type { AppDeps } from '../deps';
import { newId } from '../ids';
import type { TemplateInput } from './import-inputs';
import { decideAndWrite, mappingOf, type Attempt, type ImportOutcome, type ImportRequest } from './import-outcome';
import { resolveComponents } from './resolve-components';

export async function importTemplate(deps: AppDeps, request: ImportRequest<TemplateInput | Template>): Promise<ImportOutcome> {
  return decideAndWrite<Template>(deps, request, templateAttempt(deps, request));
}

/** The tries importTemplate makes (a batch makes the first itself). */
export function templateAttempt(deps: AppDeps, request: ImportRequest<TemplateInput | Template>): Attempt<Template> {
  return async () => {
    const mapped = request.system === 'herald' ? request.sourceId : await deps.store.imports.find(request.system, 'template', request.sourceId);
    const existing = mapped ? await deps.store.templates.get(mapped) : null;
    const warnings: string[] = [];
    let next: Template;
    if (request.system === 'herald') {
      const { source: _source, ...restored } = request.record as Template;
      next = restored;
    } else {
      const input = request.record as TemplateInput;
      const resolved = await resolveComponents(deps, request.system, Object.keys(input.components));
      const components: Template['components'] = {};
      for (const [sourceId, status] of Object.entries(input.components)) {
        const found = resolved.get(sourceId);
        if (found) components[found.id] = status;
        else warnings.push(`component ${sourceId} was not imported; the template does not name it`);
      }
      next = {
        id: existing?.id ?? newId(),
        name: input.name,
        kind: input.kind,
        title: input.title,
        status: input.status,
        body: input.body,
        components,
        severity: input.kind === 'maintenance' ? null : input.severity,
        notify: input.notify,
        version: 1,
        created_at: input.created_at,
        updated_at: input.updated_at,
      };
    }
    const problems = checkTemplate(next);
    if (problems.length > 0) throw new ValidationError('The template is not valid.', problems.map((p) => ({ ...p, path: `record.${p.path}` })));
    const version = existing ? existing.version + 1 : next.version;
    const source: ImportSource = { system: request.system, id: request.sourceId, version };
    return {
      id: next.id,
      existing,
      next,
      warnings,
      write: () => deps.store.imports.putTemplate({ ...next, version, source }, existing?.version ?? 0, mappingOf(request, next.id)),
      packed: { kind: 'template', template: { ...next, version, source }, expectedVersion: existing?.version ?? 0, mapping: mappingOf(request, next.id) },
    };
  };
}
