import { isActiveMaintenance } from '#core/maintenance-lifecycle';
import type { MaintenanceWithUpdates } from '#core/model';
import type { AppDeps } from '../deps';

export type MaintenanceState = 'upcoming' | 'active' | 'completed' | 'all';

/** Maintenance windows in a state, soonest start first. */
export async function listMaintenances(deps: AppDeps, state: MaintenanceState): Promise<MaintenanceWithUpdates[]> {
  const all = await deps.store.maintenances.list();
  const keep = {
    upcoming: (m: MaintenanceWithUpdates) => m.status === 'scheduled',
    active: (m: MaintenanceWithUpdates) => isActiveMaintenance(m.status),
    completed: (m: MaintenanceWithUpdates) => m.status === 'completed',
    all: () => true,
  }[state];
  return all.filter(keep);
}
