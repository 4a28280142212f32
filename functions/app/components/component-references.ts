import { NotFoundError } from '#core/errors';
import type { IncidentStatus } from '#core/incident-lifecycle';
import type { MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { AppDeps } from '../deps';

/** How many UTC months of incidents a reference check reads, at most (this one and those before). */
export const REFERENCE_SCAN_MONTHS = 24;

export interface ComponentReferences {
  /** Incidents whose updates named it, newest first. */
  incidents: Array<{ id: string; title: string; status: IncidentStatus; started_at: string }>;
  /** Windows not completed yet that cover it. */
  maintenances: Array<{ id: string; title: string; status: MaintenanceStatus; scheduled_for: string }>;
  /** The earliest UTC month read (`2025-01`), or null when there are no incidents at all. */
  since_month: string | null;
  /** False when incidents older than `since_month` exist: they were not read and may name it. */
  complete: boolean;
}

/**
 * What names a component, for the question "what does deleting it affect?": the incidents declared
 * in the last REFERENCE_SCAN_MONTHS UTC months whose updates named it (one summaries query per month,
 * no updates read), and the windows not yet completed that cover it.
 */
export async function componentReferences(deps: AppDeps, id: string, months = REFERENCE_SCAN_MONTHS): Promise<ComponentReferences> {
  const component = await deps.store.components.get(id);
  if (!component) throw new NotFoundError(`No component with id ${id}.`);
  const [first, open] = await Promise.all([deps.store.incidents.firstDeclaredAt(), deps.store.maintenances.open()]);
  const maintenances = open
    .filter((m) => m.component_ids.includes(id))
    .map((m) => ({ id: m.id, title: m.title, status: m.status, scheduled_for: m.scheduled_for }));
  if (first === null) return { incidents: [], maintenances, since_month: null, complete: true };
  const firstMonth = first.slice(0, 7);
  const wanted: string[] = [];
  for (let month = deps.now().slice(0, 7); wanted.length < months && month >= firstMonth; month = previousMonth(month)) wanted.push(month);
  const summaries = (await Promise.all(wanted.map((month) => deps.store.incidents.summariesDeclaredIn(month)))).flat();
  const incidents = summaries
    .filter((incident) => incident.component_ids.includes(id))
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
    .map((incident) => ({ id: incident.id, title: incident.title, status: incident.status, started_at: incident.started_at }));
  const since = wanted[wanted.length - 1] ?? firstMonth;
  return { incidents, maintenances, since_month: since, complete: since <= firstMonth };
}

function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}
