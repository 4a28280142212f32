import { groupsBeforeTheirComponents } from '#core/component-order';
import { NotFoundError } from '#core/errors';
import type { Component } from '#core/model';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { updateComponent } from './update-component';

export type MoveDirection = 'up' | 'down';

/**
 * Moves a component one place up or down among its siblings (the top-level entries, or the
 * components of its group), in the order the page lists them. The siblings are numbered 1..n in
 * their new order and only those whose position changes are saved. At the first or last place it
 * stays where it is. Returns whether anything moved.
 */
export async function moveComponent(deps: AppDeps, id: string, direction: MoveDirection, ctx: RequestContext): Promise<boolean> {
  const all = await deps.store.components.list();
  const target = all.find((c) => c.id === id);
  if (!target) throw new NotFoundError(`No component with id ${id}.`);
  const ids = new Set(all.map((c) => c.id));
  const parentOf = (c: Component) => (c.group_id !== null && ids.has(c.group_id) ? c.group_id : null);
  const siblings = groupsBeforeTheirComponents(all).filter((c) => parentOf(c) === parentOf(target));
  const from = siblings.findIndex((c) => c.id === id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (to < 0 || to >= siblings.length) return false;
  const order = [...siblings];
  [order[from], order[to]] = [order[to]!, order[from]!];
  for (const [index, component] of order.entries()) {
    if (component.position !== index + 1) await updateComponent(deps, component.id, { position: index + 1 }, ctx);
  }
  return true;
}
