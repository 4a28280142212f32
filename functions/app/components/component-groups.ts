// Group components hold others; their status is derived: the worst of their children's.
import { worstComponentStatus } from '#core/component-status';
import type { Component } from '#core/model';

export function withDerivedGroupStatus(components: Component[]): Component[] {
  return components.map((component) => {
    if (!component.group) return component;
    const children = components.filter((c) => c.group_id === component.id);
    return children.length === 0 ? component : { ...component, status: worstComponentStatus(children.map((c) => c.status)) };
  });
}
