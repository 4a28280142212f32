import type { Component } from '#core/model';
import type { AppDeps } from '../deps';
import { newId } from '../ids';

/** The group component with this name, created (empty, operational) when missing. */
export async function findOrCreateGroup(deps: AppDeps, name: string, now: string): Promise<Component> {
  const found = (await deps.store.components.list()).find((c) => c.group && c.name === name);
  if (found) return found;
  const group: Component = {
    id: newId(),
    name,
    description: null,
    group_id: null,
    group: true,
    status: 'operational',
    position: (await deps.store.components.list()).length + 1,
    showcase: true,
    only_show_if_degraded: false,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await deps.store.components.create(group);
  return group;
}
