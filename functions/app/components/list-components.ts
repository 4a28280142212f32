import type { Component } from '#core/model';
import type { AppDeps } from '../deps';
import { withDerivedGroupStatus } from './component-groups';

/** Every component, groups with their derived status. */
export async function listComponents(deps: AppDeps): Promise<Component[]> {
  return withDerivedGroupStatus(await deps.store.components.list());
}
