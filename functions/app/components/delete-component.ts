import { ConflictError, NotFoundError } from '#core/errors';
import type { AppDeps } from '../deps';

export async function deleteComponent(deps: AppDeps, id: string): Promise<void> {
  const components = await deps.store.components.list();
  const target = components.find((c) => c.id === id);
  if (!target) throw new NotFoundError(`No component with id ${id}.`);
  if (target.group && components.some((c) => c.group_id === id)) {
    throw new ConflictError('This group still holds components: move or delete them first.');
  }
  if (!(await deps.store.components.delete(id))) throw new NotFoundError(`No component with id ${id}.`);
}
