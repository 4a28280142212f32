// Turning a request's `components: {id: status}` into recorded changes and status writes.
import type { ComponentStatus } from '#core/component-status';
import { assertComponentsFit } from '#core/change-limits';
import { ValidationError } from '#core/errors';
import type { Component, ComponentChange } from '#core/model';
import type { ComponentStatusWrite } from '../ports/store';
import type { AppDeps } from '../deps';

export async function componentMoves(
  deps: AppDeps,
  requested: Record<string, ComponentStatus> | undefined,
  at: string,
  cause: string,
  /** Every component, if the caller has read them already. */
  known?: ReadonlyMap<string, Component>,
): Promise<{ changes: ComponentChange[]; writes: ComponentStatusWrite[] }> {
  const entries = Object.entries(requested ?? {});
  if (entries.length === 0) return { changes: [], writes: [] };
  assertComponentsFit('components', entries.length);
  const components = known ?? new Map((await deps.store.components.list()).map((c) => [c.id, c]));
  const unknown = entries.filter(([id]) => !components.has(id));
  if (unknown.length > 0) {
    throw new ValidationError('Unknown component ids.', unknown.map(([id]) => ({ path: `components.${id}`, message: 'no such component' })));
  }
  const groups = entries.filter(([id]) => components.get(id)!.group);
  if (groups.length > 0) {
    throw new ValidationError("A group's status is derived from its components; name the components instead.",
      groups.map(([id]) => ({ path: `components.${id}`, message: 'is a group' })));
  }
  const changes = entries.map(([id, status]) => {
    const component = components.get(id)!;
    return { id, name: component.name, old_status: component.status, new_status: status };
  });
  const writes = changes
    .filter((c) => c.old_status !== c.new_status)
    .map((c) => ({ id: c.id, status: c.new_status, at, cause }));
  return { changes, writes };
}
