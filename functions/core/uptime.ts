// Uptime from a component's status history: the 90-day bar and the percentage under it.
//
// The rule (Statuspage's, from "Display historical uptime of components",
// https://support.atlassian.com/statuspage/docs/display-historical-uptime-of-components/ ; the same
// weights are documented by instatus.com/help/status-page/uptime-colors):
//   downtime = major_outage time + 0.3 × partial_outage time
//   uptime   = 1 − downtime / observed time
// operational, under_maintenance and degraded_performance count as up.
// "Observed time" starts when the component came to exist (createdAt, else its first history entry);
// time before that is no data, not uptime. Between createdAt and the first entry, if any, the
// component is taken to have been operational.
import { worstComponentStatus, type ComponentStatus } from './component-status';

/** One entry of a component's status history: it holds from `from` until the next entry's `from`. */
export interface StatusSpan {
  status: ComponentStatus;
  from: string;
}

/** How much of a minute in each status counts as down. */
export const DOWNTIME_WEIGHT: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export interface DailyUptime {
  /** YYYY-MM-DD, UTC. */
  date: string;
  /** 0..1; null when the component did not exist yet that day (no data). */
  uptime: number | null;
  /** The worst status it held that day; operational on a day without data. */
  worst: ComponentStatus;
}

const DAY_MS = 86_400_000;

interface Segment {
  status: ComponentStatus;
  start: number;
  end: number;
}

/** The history as non-overlapping, time-ordered segments from the component's creation on. */
function segmentsOf(history: ReadonlyArray<StatusSpan>, createdAt?: string): Segment[] {
  const spans = history
    .map((span) => ({ status: span.status, start: Date.parse(span.from) }))
    .sort((a, b) => a.start - b.start);
  const first = spans[0];
  const origin = createdAt === undefined ? first?.start : Date.parse(createdAt);
  if (origin === undefined) return [];
  if (first === undefined || origin < first.start) spans.unshift({ status: 'operational', start: origin });
  return spans
    .map((span, i) => ({
      status: span.status,
      start: Math.max(span.start, origin),
      end: Math.max(spans[i + 1]?.start ?? Number.POSITIVE_INFINITY, origin),
    }))
    .filter((segment) => segment.end > segment.start);
}

interface Tally {
  observedMs: number;
  downMs: number;
  statuses: ComponentStatus[];
}

/** What the segments say about [start, end); a zero-length window looks at the instant `start`. */
function tally(segments: ReadonlyArray<Segment>, start: number, end: number): Tally {
  if (end <= start) {
    const at = segments.find((s) => s.start <= start && start < s.end);
    return at
      ? { observedMs: 1, downMs: DOWNTIME_WEIGHT[at.status], statuses: [at.status] }
      : { observedMs: 0, downMs: 0, statuses: [] };
  }
  const result: Tally = { observedMs: 0, downMs: 0, statuses: [] };
  for (const segment of segments) {
    const overlap = Math.min(end, segment.end) - Math.max(start, segment.start);
    if (overlap <= 0) continue;
    result.observedMs += overlap;
    result.downMs += overlap * DOWNTIME_WEIGHT[segment.status];
    result.statuses.push(segment.status);
  }
  return result;
}

/**
 * One entry per UTC day, oldest first, `days` of them ending with today; today counts up to `now`.
 */
export function dailyUptime(
  history: ReadonlyArray<StatusSpan>,
  input: { days: number; now: string; createdAt?: string },
): DailyUptime[] {
  const segments = segmentsOf(history, input.createdAt);
  const now = Date.parse(input.now);
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const days = Math.max(0, Math.floor(input.days));
  return Array.from({ length: days }, (_, i) => {
    const start = today - (days - 1 - i) * DAY_MS;
    const { observedMs, downMs, statuses } = tally(segments, start, Math.min(start + DAY_MS, now));
    return {
      date: new Date(start).toISOString().slice(0, 10),
      uptime: observedMs > 0 ? 1 - downMs / observedMs : null,
      worst: worstComponentStatus(statuses),
    };
  });
}

/** Uptime over [from, to) as a percentage, 0..100; 100 when nothing in the window was observed. */
export function uptimePercentage(
  history: ReadonlyArray<StatusSpan>,
  window: { from: string; to: string; createdAt?: string },
): number {
  const segments = segmentsOf(history, window.createdAt);
  const { observedMs, downMs } = tally(segments, Date.parse(window.from), Date.parse(window.to));
  return observedMs > 0 ? 100 * (1 - downMs / observedMs) : 100;
}

export interface TrackedUptime {
  /** 0..100 over the tracked part of the window; 100 when none of it was tracked. */
  percent: number;
  /**
   * How many of the window's days the figure covers: the days from the component's creation (or
   * first history entry) on, today included. A component made today has 1; 0 means no data at all.
   */
  trackedDays: number;
}

/**
 * Uptime over the last `days` UTC days, today up to `now`, counting only the time the component
 * was tracked: a component made this morning is judged on this morning, and says so by its
 * `trackedDays`, rather than claiming a 90-day figure it never had.
 */
export function trackedUptime(
  history: ReadonlyArray<StatusSpan>,
  input: { days: number; now: string; createdAt?: string },
): TrackedUptime {
  const daily = dailyUptime(history, input);
  const first = daily[0];
  if (first === undefined) return { percent: 100, trackedDays: 0 };
  return {
    percent: uptimePercentage(history, { from: `${first.date}T00:00:00.000Z`, to: input.now, createdAt: input.createdAt }),
    trackedDays: daily.filter((day) => day.uptime !== null).length,
  };
}
