import { seedTemplates } from '#core/template-seeds';
import type { Template } from '#core/templates';
import type { AppDeps } from '../deps';

/** Every template, by kind then name. The first listing ever writes the shipped seeds (once,
 *  whoever races it: see TemplateRepository.seed); deleting them later does not bring them back. */
export async function listTemplates(deps: AppDeps): Promise<Template[]> {
  const { templates, seeded } = await deps.store.templates.list();
  if (seeded) return templates;
  await deps.store.templates.seed(seedTemplates(deps.now()));
  return (await deps.store.templates.list()).templates;
}
