// The resolve gate, before posting: what resolving with this form (or adding to a resolved
// incident without mail) would warn about, by the same
// rules post-incident-update applies (core/incident-lifecycle.ts checkIncidentTransition,
// minutesInStatus, componentsLeftDown), so the person can restore components or confirm first.
import type { ComponentStatus } from '#core/component-status';
import { checkIncidentTransition, componentsLeftDown, minutesInStatus, type ComponentAfter } from '#core/incident-lifecycle';
import type { Component, IncidentWithUpdates } from '#core/model';

export interface ResolveGate {
  warnings: string[];
  /** The incident's components this form would leave not operational (restore would fix them). */
  leftDown: ComponentAfter[];
}

export function resolveGate(
  incident: IncidentWithUpdates,
  components: readonly Component[],
  chosen: Record<string, ComponentStatus>,
  restore: boolean,
  now: string,
  /** Whether the update notifies (an addendum to a resolved incident that does not warns). */
  notify = true,
): ResolveGate {
  const known = new Map(components.filter((c) => !c.group).map((c) => [c.id, c]));
  const ids = [...new Set([...incident.component_ids, ...Object.keys(chosen)])];
  const after = (withRestore: boolean): ComponentAfter[] =>
    ids.flatMap((id) => {
      const c = known.get(id);
      if (!c) return [];
      const restored = withRestore && incident.component_ids.includes(id) && c.status !== 'under_maintenance' ? 'operational' : c.status;
      return [{ id, name: c.name, status: chosen[id] ?? restored }];
    });
  const check = checkIncidentTransition({
    from: incident.status,
    to: 'resolved',
    monitoringMinutes: minutesInStatus(incident.updates, 'monitoring', now),
    enteredMonitoring: incident.updates.some((u) => u.status === 'monitoring'),
    components: after(restore),
    notify,
  });
  return { warnings: check.ok ? check.warnings : [check.reason], leftDown: componentsLeftDown(after(false)) };
}
