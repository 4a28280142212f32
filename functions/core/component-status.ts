// Component statuses (Statuspage's five), ordered best to worst so that the worst one wins.

export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export function isComponentStatus(value: string): value is ComponentStatus {
  return (COMPONENT_STATUSES as ReadonlyArray<string>).includes(value);
}

/** The worst of the given statuses by their place in COMPONENT_STATUSES; operational for none. */
export function worstComponentStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst = 0;
  for (const status of statuses) {
    worst = Math.max(worst, COMPONENT_STATUSES.indexOf(status));
  }
  return COMPONENT_STATUSES[worst] ?? 'operational';
}
