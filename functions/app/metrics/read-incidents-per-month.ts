import { incidentsPerMonth, type MonthCount } from '#core/incidents-per-month';
import type { AppDeps } from '../deps';
import { metricsWindow } from './read-metrics';

/** Incidents declared per UTC calendar month over the same window as readMetrics (default: the
 *  last 30 days; at most 366 days). */
export async function readIncidentsPerMonth(deps: AppDeps, input: { from?: string; to?: string }): Promise<{ from: string; to: string; months: MonthCount[] }> {
  const { from, to } = metricsWindow(deps.now(), input);
  const incidents = await deps.store.incidents.declaredBetween(from, to);
  return { from, to, months: incidentsPerMonth({ from, to }, incidents) };
}
