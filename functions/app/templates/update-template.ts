import { NotFoundError, PreconditionFailedError } from '#core/errors';
import type { Template } from '#core/templates';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import type { CreateTemplateInput } from './create-template';
import { assertValidTemplate } from './check-template';
import { getTemplate } from './get-template';

export type UpdateTemplateInput = Partial<CreateTemplateInput>;

/** Changes a template, checked whole after the change; with `ifMatch`, only at that version. */
export async function updateTemplate(
  deps: AppDeps,
  id: string,
  input: UpdateTemplateInput,
  ctx: RequestContext & { ifMatch?: number },
): Promise<Template> {
  return deps.locks.run(`template:${id}`, () =>
    untilSaved(async () => {
      const current = await getTemplate(deps, id);
      if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
        throw new PreconditionFailedError(`The template is at version ${current.version}, not ${ctx.ifMatch}.`);
      }
      const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as UpdateTemplateInput;
      const next: Template = { ...current, ...changes, updated_at: ctx.now, version: current.version + 1 };
      await assertValidTemplate(deps, next);
      const outcome = await deps.store.templates.save(next, current.version);
      if (outcome === 'stale') {
        if (!(await deps.store.templates.get(id))) throw new NotFoundError(`No template with id ${id}.`);
        if (ctx.ifMatch !== undefined) throw new PreconditionFailedError('The template changed while this request was applied.');
      }
      return { outcome, result: next };
    }),
  );
}
