// A moment as the page and the mails write it: always in UTC, with the page's configured zone
// beside it when that zone's clock differs. `27 Nov 2026, 09:05 UTC`,
// `3 Dec 2026, 06:18 UTC (07:18 CET)`, `27 Nov 2026, 23:30 UTC (28 Nov, 00:30 CET)`.
// Pure (Intl only); one formatter per zone and locale, built once.

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withDate}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      ...(withDate ? { day: 'numeric', month: 'short', year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    cache.set(key, f);
  }
  return f;
}

function parts(f: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
}

/** Locales whose short zone names cover most zones by a name people use (EST, CET, AEDT, IST). */
const NAMING_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];
const OFFSET_NAME = /^(GMT|UTC)[+\-\u2212]/;

/** The zone's short name at that instant: `CET`, `EST`, else its offset (`GMT+9`). */
function zoneName(date: Date, timeZone: string): string {
  let fallback = '';
  for (const locale of NAMING_LOCALES) {
    const name = parts(formatter(locale, timeZone, false), date).timeZoneName ?? '';
    if (!OFFSET_NAME.test(name) && name !== '') return name;
    fallback ||= name;
  }
  return fallback;
}

const knownZones = new Map<string, boolean>();

/** True for an IANA name the runtime knows (answered once per zone: building a formatter is slow). */
export function isKnownTimeZone(timeZone: string): boolean {
  let known = knownZones.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(timeZone, known);
  }
  return known;
}

/**
 * `iso` in UTC, and in `timeZone` when its clock differs from UTC's at that instant (an unknown
 * zone counts as UTC). The local part names its zone, and its day when that differs from UTC's.
 */
export function zonedTimeLabel(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const utc = parts(formatter('en-US', 'UTC', true), date);
  const label = `${utc.day} ${utc.month} ${utc.year}, ${utc.hour}:${utc.minute} UTC`;
  if (!isKnownTimeZone(timeZone)) return label;
  const local = parts(formatter('en-US', timeZone, true), date);
  const sameDay = local.day === utc.day && local.month === utc.month && local.year === utc.year;
  if (sameDay && local.hour === utc.hour && local.minute === utc.minute) return label;
  const day = sameDay ? '' : local.year === utc.year ? `${local.day} ${local.month}, ` : `${local.day} ${local.month} ${local.year}, `;
  return `${label} (${day}${local.hour}:${local.minute} ${zoneName(date, timeZone)})`;
}
