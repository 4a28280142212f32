// A component filter must name components that exist (groups included).
import { ValidationError } from '#core/errors';
import type { AppDeps } from '../deps';

export async function checkComponentFilter(deps: AppDeps, ids: readonly string[], path = 'components'): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const known = new Set((await deps.store.components.list()).map((c) => c.id));
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(`No component with id ${unknown.join(', ')}.`, unknown.map(() => ({ path, message: 'unknown component' })));
  }
  return unique.sort();
}
