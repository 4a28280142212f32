// A promised time ("Next update by …") as the page and the mails write it: the time of day in UTC,
// with the page's zone beside it when its clock differs (`14:30 UTC (15:30 CET)`), and the date
// too when it falls on another UTC day than the moment it was promised at
// (`4 Dec 2026, 00:30 UTC`). Pure (Intl only, through zoned-time.ts).
import { zonedTimeLabel } from './zoned-time.ts';

export function clockLabel(iso: string, promisedAt: string, timeZone: string): string {
  const label = zonedTimeLabel(iso, timeZone);
  const at = new Date(iso);
  const from = new Date(promisedAt);
  if (Number.isNaN(at.getTime()) || Number.isNaN(from.getTime())) return label;
  if (at.toISOString().slice(0, 10) !== from.toISOString().slice(0, 10)) return label;
  // `3 Dec 2026, 14:30 UTC (15:30 CET)` → `14:30 UTC (15:30 CET)`.
  const comma = label.indexOf(', ');
  return comma === -1 ? label : label.slice(comma + 2);
}
