import { NotFoundError } from '#core/errors';
import type { AppDeps } from '../deps';
import { getTemplate } from './get-template';

export async function deleteTemplate(deps: AppDeps, id: string): Promise<void> {
  await getTemplate(deps, id); // a seed deleted before any listing stays deleted
  if (!(await deps.store.templates.delete(id))) throw new NotFoundError(`No template with id ${id}.`);
}
