// The page's top-level status (Statuspage's `status: {indicator, description}`), derived, worst wins.
//
// Where the mapping comes from:
// - Atlassian, "Top-level status and incident impact calculations"
//   (https://support.atlassian.com/statuspage/docs/top-level-status-and-incident-impact-calculations/):
//   the phrases; with no components the page reads All Systems Operational unless an incident is
//   active; with one component, operational → All Systems Operational, under_maintenance → Service
//   Under Maintenance, degraded_performance → Partially Degraded Service, partial_outage → Partial
//   System Outage, major_outage → Major System Outage; with two or more it "blends" them.
// - The blend for two or more, as Freshstatus documents its Statuspage-compatible top-level status
//   (support.freshstatus.io, "How is the top-level status in my status page updated"): some (not all)
//   partial_outage → Minor Service Outage; all partial_outage, or any major_outage → Partial System
//   Outage; all major_outage → Major System Outage. The one-component rules are this blend with
//   "all" = that one component, so Herald applies one rule to any number of components.
//   Atlassian's "Degraded System Service" (all degraded) is not among CONTRACT §3's phrases, so
//   degraded_performance always reads Partially Degraded Service.
// - Indicator per phrase, as Statuspage pages publish them in /api/v2/status.json: Partially Degraded
//   Service and Minor Service Outage are `minor`, Partial System Outage `major`, Major System Outage
//   `critical`, Service Under Maintenance `maintenance`.
// - Open incidents: impact minor → Minor Service Outage, major → Partial System Outage, critical →
//   Major System Outage; impact none changes nothing. A degraded component with a minor incident
//   reads Minor Service Outage, the worse of the two phrases at the same indicator (as
//   status.claude.com's status.json has shown).
// - Components flagged `group` are left out: a group's status is its children's, and counting it
//   would make "all components" rules false for a page whose every real component is down.
import { COMPONENT_STATUSES, type ComponentStatus } from './component-status';
import type { Impact } from './severity';

/** Statuspage's indicators, least to most severe. */
export const PAGE_INDICATORS = ['none', 'maintenance', 'minor', 'major', 'critical'] as const;
export type PageIndicator = (typeof PAGE_INDICATORS)[number];

export interface PageStatus {
  indicator: PageIndicator;
  description: string;
}

/** Every top-level status Herald shows, least to most severe: the worst one found wins. */
const PAGE_STATUS_LEVELS = [
  { indicator: 'none', description: 'All Systems Operational' },
  { indicator: 'maintenance', description: 'Service Under Maintenance' },
  { indicator: 'minor', description: 'Partially Degraded Service' },
  { indicator: 'minor', description: 'Minor Service Outage' },
  { indicator: 'major', description: 'Partial System Outage' },
  { indicator: 'critical', description: 'Major System Outage' },
] as const satisfies ReadonlyArray<PageStatus>;
type Level = number;

const OPERATIONAL: Level = 0;
const MAINTENANCE: Level = 1;
const DEGRADED: Level = 2;
const MINOR_OUTAGE: Level = 3;
const PARTIAL_SYSTEM_OUTAGE: Level = 4;
const MAJOR_SYSTEM_OUTAGE: Level = 5;

const IMPACT_LEVEL: Readonly<Record<Impact, Level>> = {
  none: OPERATIONAL,
  minor: MINOR_OUTAGE,
  major: PARTIAL_SYSTEM_OUTAGE,
  critical: MAJOR_SYSTEM_OUTAGE,
};

/** The blend of the components' statuses (see the header for the rules). */
function componentsLevel(statuses: ReadonlyArray<ComponentStatus>): Level {
  const count = (status: ComponentStatus) => statuses.filter((s) => s === status).length;
  const all = (status: ComponentStatus) => statuses.length > 0 && count(status) === statuses.length;
  const worst = Math.max(-1, ...statuses.map((s) => COMPONENT_STATUSES.indexOf(s)));
  switch (COMPONENT_STATUSES[worst]) {
    case 'major_outage':
      return all('major_outage') ? MAJOR_SYSTEM_OUTAGE : PARTIAL_SYSTEM_OUTAGE;
    case 'partial_outage':
      return all('partial_outage') ? PARTIAL_SYSTEM_OUTAGE : MINOR_OUTAGE;
    case 'degraded_performance':
      return DEGRADED;
    case 'under_maintenance':
      return MAINTENANCE;
    default:
      return OPERATIONAL;
  }
}

export function computePageStatus(input: {
  components: ReadonlyArray<{ status: ComponentStatus; group?: boolean }>;
  openIncidents: ReadonlyArray<{ impact: Impact }>;
  maintenanceInProgress?: boolean;
}): PageStatus {
  const levels = [
    componentsLevel(input.components.filter((c) => c.group !== true).map((c) => c.status)),
    ...input.openIncidents.map((incident) => IMPACT_LEVEL[incident.impact]),
    input.maintenanceInProgress === true ? MAINTENANCE : OPERATIONAL,
  ];
  const { indicator, description } = PAGE_STATUS_LEVELS[Math.max(...levels)] ?? PAGE_STATUS_LEVELS[0];
  return { indicator, description };
}
