// Times as the console shows them: UTC text a person can read without the script, in a <time>
// the script turns into local time with its zone.
import { humanMinutes } from '#core/timeline';

/** `2026-11-27T09:05:31.000Z` → `27 Nov 09:05 UTC`. */
export function utcLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${d.getUTCDate()} ${month} ${d.toISOString().slice(11, 16)} UTC`;
}

export function Time({ iso }: { iso: string }) {
  return (
    <time datetime={iso} data-local>
      {utcLabel(iso)}
    </time>
  );
}

/** "12 min" since `iso`, at `now`. */
export function age(iso: string, now: string): string {
  return humanMinutes((Date.parse(now) - Date.parse(iso)) / 60_000);
}

/** "due in 12 min" or "overdue by 4 min" (red), kept current by the script. */
export function Due({ at, now, label = 'Next public update' }: { at: string | null; now: string; label?: string }) {
  if (!at) return <span class="muted">No update due</span>;
  const minutes = (Date.parse(at) - Date.parse(now)) / 60_000;
  const overdue = minutes < 0;
  return (
    <span class={overdue ? 'due overdue' : 'due'} data-due={at}>
      {label} {overdue ? `overdue by ${humanMinutes(-minutes)}` : `due in ${humanMinutes(minutes)}`}
    </span>
  );
}
