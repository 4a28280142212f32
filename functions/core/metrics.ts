// Incident metrics over a window: incidents by severity and component, time to first public
// update and time to resolve (median and p90) by severity, maintenance minutes, and each
// component's uptime. Pure: the records and the time come in as parameters.
//
// Definitions
// - An incident is in the window when it was declared (created_at) in [from, to).
// - Time to first public update: the first update's time minus started_at (when the impact began;
//   the declaration time unless a responder set it earlier).
// - Time to resolve: resolved_at minus started_at, for incidents resolved now.
// - Median and p90: linear interpolation between closest ranks (Hyndman & Fan type 7, the
//   default of numpy, R and spreadsheets); null when there is no value.
// - Maintenance minutes: the time windows actually spent in progress (started_at to completed_at,
//   or `now` while active), clipped to the window.
// - Uptime: uptime.ts's rule (major outage counts whole, partial outage 0.3) over [from, min(to, now)).
// - Promises kept: of the updates that followed an update carrying a promise ("next update by",
//   next_update_at), the share posted at or before the promised time (cadence.ts promiseKept), as
//   a percentage rounded to 2 decimals; null when no such update exists. A promise no update has
//   followed yet is not counted.
import { promiseKept } from './cadence';
import type { ComponentStatus } from './component-status';
import { SEVERITIES, type Severity } from './severity';
import { uptimePercentage, type StatusSpan } from './uptime';

const MINUTE_MS = 60_000;

export interface MetricsWindow {
  from: string;
  to: string;
}

export interface Distribution {
  count: number;
  median_minutes: number | null;
  p90_minutes: number | null;
}

export interface PromisesKept {
  /** Updates that followed an update carrying a promise. */
  measured: number;
  /** Of those, the ones posted at or before the promised time. */
  kept: number;
  /** kept / measured × 100, 2 decimals; null when measured is 0. */
  percentage: number | null;
}

export interface SeverityMetrics {
  incidents: number;
  time_to_first_update: Distribution;
  time_to_resolve: Distribution;
  promises_kept: PromisesKept;
}

export interface ComponentMetrics {
  id: string;
  name: string;
  incidents: number;
  maintenance_minutes: number;
  /** 0..100, rounded to 3 decimals. */
  uptime_percentage: number;
}

export interface Metrics {
  from: string;
  to: string;
  incidents: { total: number; by_severity: Record<Severity, number> };
  by_severity: Record<Severity, SeverityMetrics>;
  /** "Next update by" promises kept, over every severity. */
  promises_kept: PromisesKept;
  maintenance: { windows: number; minutes: number };
  components: ComponentMetrics[];
}

export interface MetricsIncident {
  severity: Severity;
  status: string;
  component_ids: readonly string[];
  created_at: string;
  started_at: string;
  resolved_at: string | null;
  updates: ReadonlyArray<{ seq: number; created_at: string; next_update_at?: string | null }>;
}

export interface MetricsMaintenance {
  component_ids: readonly string[];
  started_at: string | null;
  completed_at: string | null;
}

export interface MetricsComponent {
  id: string;
  name: string;
  group: boolean;
  created_at: string;
  status: ComponentStatus;
  /** Status history from before `from` on (see ComponentRepository.statusHistory's `since`). */
  history: readonly StatusSpan[];
}

export interface MetricsInput {
  window: MetricsWindow;
  now: string;
  incidents: readonly MetricsIncident[];
  maintenances: readonly MetricsMaintenance[];
  components: readonly MetricsComponent[];
}

/** The q-quantile (0..1) of the values, type 7; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

const round = (n: number | null, places: number) => (n === null ? null : Number(n.toFixed(places)));

export function distribution(minutes: readonly number[]): Distribution {
  return { count: minutes.length, median_minutes: round(quantile(minutes, 0.5), 2), p90_minutes: round(quantile(minutes, 0.9), 2) };
}

const between = (at: string, window: MetricsWindow) => {
  const t = Date.parse(at);
  return t >= Date.parse(window.from) && t < Date.parse(window.to);
};

const minutesBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / MINUTE_MS);

function firstUpdateAt(incident: MetricsIncident): string | null {
  let first: { seq: number; created_at: string } | null = null;
  for (const u of incident.updates) if (first === null || u.seq < first.seq) first = u;
  return first?.created_at ?? null;
}

/** The promises an incident's updates made, and whether the update after each one kept it. */
function promiseOutcomes(incident: MetricsIncident): boolean[] {
  const updates = [...incident.updates].sort((a, b) => a.seq - b.seq);
  return updates.slice(1).flatMap((update, i) => {
    const promised = updates[i]!.next_update_at;
    return promised === undefined || promised === null ? [] : [promiseKept(promised, update.created_at)];
  });
}

export function promisesKept(outcomes: readonly boolean[]): PromisesKept {
  const kept = outcomes.filter(Boolean).length;
  return { measured: outcomes.length, kept, percentage: outcomes.length === 0 ? null : round((kept / outcomes.length) * 100, 2) };
}

/** Minutes of [start, end) that fall in the window. */
function overlapMinutes(start: string, end: string, window: MetricsWindow): number {
  const from = Math.max(Date.parse(start), Date.parse(window.from));
  const to = Math.min(Date.parse(end), Date.parse(window.to));
  return Math.max(0, (to - from) / MINUTE_MS);
}

export function computeMetrics(input: MetricsInput): Metrics {
  const { window, now } = input;
  const incidents = input.incidents.filter((i) => between(i.created_at, window));

  const by_severity = Object.fromEntries(
    SEVERITIES.map((severity) => {
      const of = incidents.filter((i) => i.severity === severity);
      const firstUpdate = of.flatMap((i) => {
        const at = firstUpdateAt(i);
        return at === null ? [] : [minutesBetween(i.started_at, at)];
      });
      const resolve = of.flatMap((i) => (i.status === 'resolved' && i.resolved_at ? [minutesBetween(i.started_at, i.resolved_at)] : []));
      return [
        severity,
        {
          incidents: of.length,
          time_to_first_update: distribution(firstUpdate),
          time_to_resolve: distribution(resolve),
          promises_kept: promisesKept(of.flatMap(promiseOutcomes)),
        },
      ];
    }),
  ) as Record<Severity, SeverityMetrics>;

  const maintenanceByComponent = new Map<string, number>();
  let maintenanceMinutes = 0;
  let maintenanceWindows = 0;
  for (const m of input.maintenances) {
    if (m.started_at === null) continue;
    const minutes = overlapMinutes(m.started_at, m.completed_at ?? now, window);
    if (minutes <= 0) continue;
    maintenanceWindows++;
    maintenanceMinutes += minutes;
    for (const id of new Set(m.component_ids)) maintenanceByComponent.set(id, (maintenanceByComponent.get(id) ?? 0) + minutes);
  }

  const uptimeTo = new Date(Math.min(Date.parse(window.to), Date.parse(now))).toISOString();
  const components = input.components
    .filter((c) => !c.group)
    .map((c) => ({
      id: c.id,
      name: c.name,
      incidents: incidents.filter((i) => i.component_ids.includes(c.id)).length,
      maintenance_minutes: round(maintenanceByComponent.get(c.id) ?? 0, 2)!,
      uptime_percentage: round(uptimePercentage(c.history, { from: window.from, to: uptimeTo, createdAt: c.created_at }), 3)!,
    }));

  return {
    from: window.from,
    to: window.to,
    incidents: {
      total: incidents.length,
      by_severity: Object.fromEntries(SEVERITIES.map((s) => [s, by_severity[s].incidents])) as Record<Severity, number>,
    },
    by_severity,
    promises_kept: promisesKept(incidents.flatMap(promiseOutcomes)),
    maintenance: { windows: maintenanceWindows, minutes: round(maintenanceMinutes, 2)! },
    components,
  };
}
