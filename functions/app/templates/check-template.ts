// A template's fields checked together: its own rules (core) and the components it names.
import { checkTemplate, type Template } from '#core/templates';
import { ValidationError } from '#core/errors';
import type { AppDeps } from '../deps';
import { componentMoves } from '../incidents/component-moves';

export async function assertValidTemplate(
  deps: AppDeps,
  template: Pick<Template, 'kind' | 'title' | 'body' | 'status' | 'severity' | 'components'> & Partial<Pick<Template, 'name'>>,
): Promise<void> {
  const errors = checkTemplate(template);
  if (errors.length > 0) throw new ValidationError('The template is not valid.', errors);
  // Unknown ids and groups are 400s naming `components.<id>`, as on incidents.
  await componentMoves(deps, template.components, deps.now(), 'template');
}
