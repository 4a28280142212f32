import type { ComponentStatus } from '#core/component-status';
import { ConflictError } from '#core/errors';
import type { Component } from '#core/model';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { newId } from '../ids';
import { findOrCreateGroup } from './find-or-create-group';
import type { ComponentWithGroup } from './list-components';

export interface CreateComponentInput {
  name: string;
  description?: string | null;
  /** The name of the group to place it in; the group is created when missing. */
  group?: string | null;
  status?: ComponentStatus;
  position?: number;
  showcase?: boolean;
  only_show_if_degraded?: boolean;
}

export async function createComponent(deps: AppDeps, input: CreateComponentInput, ctx: RequestContext): Promise<ComponentWithGroup> {
  const existing = await deps.store.components.list();
  if (existing.some((c) => !c.group && c.name === input.name && (c.group_id ?? null) === groupIdByName(existing, input.group))) {
    throw new ConflictError(`A component named "${input.name}" already exists in that group.`);
  }
  const group = input.group ? await findOrCreateGroup(deps, input.group, ctx.now) : null;
  const groupId = group?.id ?? null;
  const component: Component = {
    id: newId(),
    name: input.name,
    description: input.description ?? null,
    group_id: groupId,
    group: false,
    status: input.status ?? 'operational',
    position: input.position ?? existing.length + 1,
    showcase: input.showcase ?? true,
    only_show_if_degraded: input.only_show_if_degraded ?? false,
    created_at: ctx.now,
    updated_at: ctx.now,
    version: 1,
  };
  const result = { ...component, group_name: group?.name ?? null };
  await deps.store.components.create(component, { idempotency: idempotencyRecord(ctx, result) });
  return result;
}

function groupIdByName(components: Component[], name: string | null | undefined): string | null {
  if (!name) return null;
  return components.find((c) => c.group && c.name === name)?.id ?? null;
}
