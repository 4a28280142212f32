// Incidents declared per calendar month (UTC) over a window [from, to): every month the window
// touches, oldest first, with zero for a month without incidents. Pure.
import { SEVERITIES, type Severity } from './severity';

export interface MonthCount {
  /** `2026-11`: the UTC calendar month. */
  month: string;
  incidents: number;
  by_severity: Record<Severity, number>;
}

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The months [from, to) touches, oldest first. */
export function monthsOf(from: string, to: string): string[] {
  const start = new Date(from);
  const last = monthOf(Date.parse(to) - 1);
  const months: string[] = [];
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth();
  for (;;) {
    const label = `${year}-${String(month + 1).padStart(2, '0')}`;
    months.push(label);
    if (label >= last) return months;
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
}

export function incidentsPerMonth(
  window: { from: string; to: string },
  incidents: ReadonlyArray<{ created_at: string; severity: Severity }>,
): MonthCount[] {
  const counts = new Map(
    monthsOf(window.from, window.to).map((month) => [
      month,
      { month, incidents: 0, by_severity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number> },
    ]),
  );
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  for (const incident of incidents) {
    const at = Date.parse(incident.created_at);
    if (at < from || at >= to) continue;
    const bucket = counts.get(monthOf(at));
    if (!bucket) continue;
    bucket.incidents++;
    bucket.by_severity[incident.severity]++;
  }
  return [...counts.values()];
}
