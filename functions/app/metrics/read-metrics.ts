import { ValidationError } from '#core/errors';
import { computeMetrics, type Metrics } from '#core/metrics';
import type { AppDeps } from '../deps';

const DAY_MS = 86_400_000;
export const DEFAULT_METRICS_DAYS = 30;
export const MAX_METRICS_DAYS = 366;

/** The window [from, to) a metrics request asks for (default: the last 30 days before now);
 *  a ValidationError (400) when from is not before to or it spans more than MAX_METRICS_DAYS. */
export function metricsWindow(now: string, input: { from?: string; to?: string }): { from: string; to: string } {
  const to = input.to ? new Date(input.to).toISOString() : now;
  const from = input.from ? new Date(input.from).toISOString() : new Date(Date.parse(to) - DEFAULT_METRICS_DAYS * DAY_MS).toISOString();
  if (Date.parse(from) >= Date.parse(to)) {
    throw new ValidationError('`from` must be before `to`.', [{ path: 'from', message: 'not before to' }]);
  }
  if (Date.parse(to) - Date.parse(from) > MAX_METRICS_DAYS * DAY_MS) {
    throw new ValidationError(`A window spans at most ${MAX_METRICS_DAYS} days.`, [{ path: 'from', message: 'window too long' }]);
  }
  return { from, to };
}

/** Metrics over [from, to) (default: the last 30 days); see core/metrics.ts for the definitions. */
export async function readMetrics(deps: AppDeps, input: { from?: string; to?: string }): Promise<Metrics> {
  const now = deps.now();
  const { from, to } = metricsWindow(now, input);
  const [incidents, maintenances, components] = await Promise.all([
    deps.store.incidents.declaredBetween(from, to),
    deps.store.maintenances.list(),
    deps.store.components.list(),
  ]);
  const histories = await Promise.all(components.map((c) => deps.store.components.statusHistory(c.id, from)));
  return computeMetrics({
    window: { from, to },
    now,
    incidents,
    maintenances,
    components: components.map((c, i) => ({ ...c, history: histories[i]! })),
  });
}
