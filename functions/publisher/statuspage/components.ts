// Herald components as Statuspage component objects: groups and their children flat in one list,
// each group followed by its children, by position.
import { worstComponentStatus } from '#core/component-status';
import type { Component } from '#core/model';
import type { SiteData } from '../render/site-data.ts';
import type { SpComponent } from './types.ts';

function byPosition(a: Component, b: Component): number {
  return a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

export function spComponent(data: SiteData, component: Component): SpComponent {
  const base: SpComponent = {
    id: component.id,
    name: component.name,
    status: component.status,
    created_at: component.created_at,
    updated_at: component.updated_at,
    position: component.position,
    description: component.description,
    showcase: component.showcase,
    // Herald keeps no separate start date: a component starts being used when it is created.
    start_date: component.created_at.slice(0, 10),
    group_id: component.group_id,
    page_id: data.config.id,
    group: component.group,
    only_show_if_degraded: component.only_show_if_degraded,
  };
  if (!component.group) return base;
  const children = data.components.filter((c) => c.group_id === component.id).sort(byPosition);
  // A group's status is its children's, worst first, as on Statuspage and on the page itself.
  const status = children.length > 0 ? worstComponentStatus(children.map((c) => c.status)) : component.status;
  return { ...base, status, components: children.map((c) => c.id) };
}

/** Every component: top-level ones by position, each group directly followed by its children. */
export function spComponents(data: SiteData): SpComponent[] {
  const ids = new Set(data.components.map((c) => c.id));
  const topLevel = data.components.filter((c) => c.group_id === null || !ids.has(c.group_id)).sort(byPosition);
  const ordered: Component[] = [];
  for (const component of topLevel) {
    ordered.push(component);
    if (component.group) ordered.push(...data.components.filter((c) => c.group_id === component.id).sort(byPosition));
  }
  return ordered.map((c) => spComponent(data, c));
}

/** The component objects for these ids, in the page's order; unknown ids are skipped. */
export function spComponentsByIds(data: SiteData, ids: ReadonlyArray<string>): SpComponent[] {
  const wanted = new Set(ids);
  return spComponents(data).filter((c) => wanted.has(c.id));
}
