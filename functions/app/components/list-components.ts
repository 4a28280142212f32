import { groupsBeforeTheirComponents } from '#core/component-order';
import type { Component } from '#core/model';
import type { AppDeps } from '../deps';
import { withDerivedGroupStatus } from './component-groups';

/** A component with the name of the group it belongs to (null: none), as responders read it. */
export interface ComponentWithGroup extends Component {
  group_name: string | null;
}

/** Names each component's group from a list that holds the groups. */
export function withGroupNames(components: readonly Component[], all: readonly Component[] = components): ComponentWithGroup[] {
  const names = new Map(all.filter((c) => c.group).map((c) => [c.id, c.name]));
  return components.map((c) => ({ ...c, group_name: c.group_id ? (names.get(c.group_id) ?? null) : null }));
}

/** Every component, groups with their derived status, each group before its components, by position. */
export async function listComponents(deps: AppDeps): Promise<ComponentWithGroup[]> {
  return withGroupNames(groupsBeforeTheirComponents(withDerivedGroupStatus(await deps.store.components.list())));
}
