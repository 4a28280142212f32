// Incident ids: `INC-YYYYMMDD-HHMM` from the declaration time in UTC; `-2`, `-3`, … for a second,
// third incident declared in the same minute (CONTRACT §1).

/** A whole id, anchored. The suffix is what incidentIdCandidate makes: 2 or more, no leading 0. */
export const INCIDENT_ID_PATTERN = /^INC-\d{8}-\d{4}(?:-(?:[2-9]|[1-9]\d+))?$/;

/** `2024-03-07T09:05:59.999Z` → `INC-20240307-0905`. Throws RangeError on a bad timestamp. */
export function incidentIdBase(at: string): string {
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) throw new RangeError(`Not a timestamp: ${at}`);
  const iso = time.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ, always UTC
  return `INC-${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/** The id to try on the nth attempt (1-based): the base first, then `-2`, `-3`, … */
export function incidentIdCandidate(base: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a whole number from 1, not ${attempt}`);
  }
  return attempt === 1 ? base : `${base}-${attempt}`;
}
