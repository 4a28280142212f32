import { NotFoundError } from '#core/errors';
import type { Template } from '#core/templates';
import type { AppDeps } from '../deps';
import { listTemplates } from './list-templates';

/** One template; a seed asked for before any listing is seeded first. */
export async function getTemplate(deps: AppDeps, id: string): Promise<Template> {
  const found = (await deps.store.templates.get(id)) ?? (await listTemplates(deps)).find((t) => t.id === id);
  if (!found) throw new NotFoundError(`No template with id ${id}.`);
  return found;
}
