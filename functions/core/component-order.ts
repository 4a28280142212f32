// The order components are listed in: top-level entries (groups and components outside any group)
// by position, each group followed at once by its own components, by position. Ties go by name,
// then id, so the order never depends on how the store returned them.
import type { Component } from './model';

type Ordered = Pick<Component, 'id' | 'name' | 'position' | 'group' | 'group_id'>;

const byPosition = (a: Ordered, b: Ordered) => a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Groups before their components; a component whose group is gone counts as top-level. */
export function groupsBeforeTheirComponents<T extends Ordered>(components: readonly T[]): T[] {
  const ids = new Set(components.map((c) => c.id));
  const isTopLevel = (c: T) => c.group_id === null || !ids.has(c.group_id);
  const childrenOf = (group: T) => components.filter((c) => !isTopLevel(c) && c.group_id === group.id).sort(byPosition);
  return components
    .filter(isTopLevel)
    .sort(byPosition)
    .flatMap((entry) => (entry.group ? [entry, ...childrenOf(entry)] : [entry]));
}
