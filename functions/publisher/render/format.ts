// Words and times as a reader sees them. Pure: the time zone comes from the page config.
import type { ComponentStatus } from '#core/component-status';
import type { IncidentStatus } from '#core/incident-lifecycle';
import type { MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { Impact } from '#core/severity';
import { zonedTimeLabel } from '../../content/zoned-time.ts';
import type { TimeView } from './view-model.ts';

export const COMPONENT_STATUS_LABEL: Readonly<Record<ComponentStatus, string>> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const INCIDENT_STATUS_LABEL: Readonly<Record<IncidentStatus, string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const MAINTENANCE_STATUS_LABEL: Readonly<Record<MaintenanceStatus, string>> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export const IMPACT_LABEL: Readonly<Record<Impact, string>> = {
  none: 'No impact',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
};

/** Formatting is slow and the same instants recur (every page shows when it was generated). */
const timeViews = new Map<string, TimeView>();

/**
 * `2025-11-27T09:05:00.000Z` → `27 Nov 2025, 09:05 UTC`; on a page configured for another zone,
 * `27 Nov 2025, 09:05 UTC (10:05 CET)` (content/zoned-time.ts, as the mails write it). This is the
 * text a reader without JavaScript sees; the page's script rewrites it into the reader's own zone.
 */
export function timeView(iso: string, timeZone: string): TimeView {
  const key = `${timeZone}|${iso}`;
  const known = timeViews.get(key);
  if (known !== undefined) return known;
  const view = { iso: new Date(iso).toISOString(), label: zonedTimeLabel(iso, timeZone) };
  if (timeViews.size >= 10_000) timeViews.clear();
  timeViews.set(key, view);
  return view;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar day (`2025-11-27`) → `27 Nov 2025`. (String work: the index labels 90 days a component.) */
export function dayLabel(day: string): string {
  const [year, month, date] = day.split('-');
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/** Milliseconds → `2 h 5 min`, `3 days 4 h`, `under a minute`. */
export function durationLabel(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${days === 1 ? 'day' : 'days'} ${hours} h` : `${days} ${days === 1 ? 'day' : 'days'}`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** 0..100 → `99.95%`, never rounded up to 100% while any downtime was recorded. */
export function percentLabel(percent: number): string {
  const floored = Math.floor(percent * 100) / 100;
  return `${floored.toFixed(2).replace(/\.?0+$/, '')}%`;
}
