// The status page's banner: what is true now, for a person reading the page.
//
// Statuspage's `status.indicator` (page-status.ts, in the JSON files) lets an open incident's impact
// raise the page's status: a SEV1 in monitoring, every component back to operational, still reads
// "Major System Outage" there, and the JSON keeps that rule so Statuspage's widgets and clients read
// what they expect. The banner does not: it says the components' state (and maintenance in
// progress) only, in the same phrases, and tells of open incidents apart, by their status, so that
// an incident never shows as a worse outage than the components show. With every component
// operational and an incident open it reads "All Components Operational" (or, on a page without
// components, "Ongoing Incident") in the neutral `notice` tone rather than a green "All Systems
// Operational": the components are fine, and the incident, shown in its own card, may say otherwise.
import type { ComponentStatus } from './component-status';
import { OPEN_INCIDENT_STATUSES, type IncidentStatus, type OpenIncidentStatus } from './incident-lifecycle';
import { computePageStatus, type PageIndicator } from './page-status';

/** The banner's colour: a page indicator, or `notice` for an open incident on healthy components. */
export type BannerTone = PageIndicator | 'notice';

export interface Banner {
  /** The components' (and maintenance's) indicator, or `notice` (see above). */
  tone: BannerTone;
  /** The headline: one of Statuspage's phrases, or one of the two above. */
  description: string;
  /** How many incidents are open. */
  openIncidents: number;
  /** Their statuses, each once, in lifecycle order (investigating first). */
  openStatuses: OpenIncidentStatus[];
}

export const ALL_COMPONENTS_OPERATIONAL = 'All Components Operational';
export const ONGOING_INCIDENT = 'Ongoing Incident';
export const ONGOING_INCIDENTS = 'Ongoing Incidents';

export function computeBanner(input: {
  components: ReadonlyArray<{ status: ComponentStatus; group?: boolean }>;
  openIncidents: ReadonlyArray<{ status: IncidentStatus }>;
  maintenanceInProgress?: boolean;
}): Banner {
  const now = computePageStatus({
    components: input.components,
    openIncidents: [],
    maintenanceInProgress: input.maintenanceInProgress,
  });
  const statuses = new Set(input.openIncidents.map((incident) => incident.status));
  const openStatuses = OPEN_INCIDENT_STATUSES.filter((status) => statuses.has(status));
  const open = input.openIncidents.filter((incident) => incident.status !== 'resolved').length;
  const base = { openIncidents: open, openStatuses };
  if (now.indicator !== 'none' || open === 0) return { tone: now.indicator, description: now.description, ...base };
  const hasComponents = input.components.some((c) => c.group !== true);
  const description = hasComponents ? ALL_COMPONENTS_OPERATIONAL : open === 1 ? ONGOING_INCIDENT : ONGOING_INCIDENTS;
  return { tone: 'notice', description, ...base };
}
