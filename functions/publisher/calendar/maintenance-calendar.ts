// /maintenance.ics (RFC 5545): the maintenance windows as a calendar a reader subscribes to by URL.
//
// Written by hand rather than with ical-generator: every byte here is a function of SiteData (no
// clock, no random UID, no library default), so a full rebuild and the incremental publishes write
// the same file, and the rules that matter are few: CRLF lines folded at 75 octets (never inside a
// UTF-8 sequence), TEXT values escaped (\\ \; \, \n), times in UTC basic form.
//
// Which windows: every open one (scheduled, in progress, verifying: CONFIRMED), and among the
// LATEST_MAINTENANCES newest completed ones (which an incremental publish always loads) those that
// ended or were cancelled within the last RECENT_DAYS of `now`: a cancelled one as
// STATUS:CANCELLED, so that subscribed calendars drop it; a completed one stays CONFIRMED, so that
// a window that happened does not vanish from a calendar the day it ends. The UID is stable
// (`<id>@<page host>`); SEQUENCE is the window's version (every edit and update raises it); DTSTAMP
// and LAST-MODIFIED are its `updated_at`.
import { isCancelledMaintenance } from '#core/maintenance-lifecycle';
import type { MaintenanceWithUpdates } from '#core/model';
import { markdownToText } from '../../content/markdown.ts';
import { absoluteUrl } from '../render/page-config.ts';
import { latestCompletedMaintenances, maintenanceHistoryHref, type SiteData } from '../render/site-data.ts';

export const CALENDAR_PATH = 'maintenance.ics';
export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';
/** Completed and cancelled windows stay in the calendar this long after they ended or were cancelled. */
export const RECENT_DAYS = 30;

const CRLF = '\r\n';

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, line breaks as `\n`; other
 * control characters (not allowed in a content line) dropped. */
export function icsText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

const encoder = new TextEncoder();

/** RFC 5545 §3.1: lines longer than 75 octets folded (CRLF + one space), never inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets; each continuation line 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** `20261127T130000Z` (RFC 5545 §3.3.5, UTC). */
export function icsDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** The page's host, which scopes every UID (`status.example.com`). */
function pageHost(data: SiteData): string {
  try {
    return new URL(data.config.url).host;
  } catch {
    return 'herald.invalid';
  }
}

function latestUpdate(m: MaintenanceWithUpdates) {
  return [...m.updates].sort((a, b) => b.seq - a.seq)[0];
}

/** The windows the calendar lists, soonest start first. */
export function calendarWindows(data: SiteData): MaintenanceWithUpdates[] {
  const since = Date.parse(data.now) - RECENT_DAYS * 86_400_000;
  const open = data.maintenances.filter((m) => m.status !== 'completed');
  const recent = latestCompletedMaintenances(data.maintenances).filter((m) => {
    const ended = m.cancelled_at ?? m.completed_at ?? m.updated_at;
    return Date.parse(ended) >= since;
  });
  return [...open, ...recent].sort((a, b) => a.scheduled_for.localeCompare(b.scheduled_for) || a.id.localeCompare(b.id));
}

function eventLines(data: SiteData, host: string, m: MaintenanceWithUpdates): string[] {
  const cancelled = isCancelledMaintenance(m);
  const latest = latestUpdate(m);
  const names = m.component_ids
    .map((id) => data.components.find((c) => c.id === id)?.name)
    .filter((name): name is string => name !== undefined);
  const description = [latest === undefined ? '' : markdownToText(latest.message), names.length > 0 ? `Affected: ${names.join(', ')}` : '']
    .filter((part) => part !== '')
    .join('\n\n');
  const url = absoluteUrl(data.config, m.status === 'completed' ? maintenanceHistoryHref(m) : `/#maintenance-${encodeURIComponent(m.id)}`);
  return [
    'BEGIN:VEVENT',
    `UID:${icsText(`${m.id}@${host}`)}`,
    `SEQUENCE:${m.version}`,
    `DTSTAMP:${icsDateTime(m.updated_at)}`,
    `CREATED:${icsDateTime(m.created_at)}`,
    `LAST-MODIFIED:${icsDateTime(m.updated_at)}`,
    `DTSTART:${icsDateTime(m.scheduled_for)}`,
    `DTEND:${icsDateTime(m.scheduled_until)}`,
    `SUMMARY:${icsText(`${cancelled ? 'Cancelled: ' : 'Maintenance: '}${m.title}`)}`,
    ...(description === '' ? [] : [`DESCRIPTION:${icsText(description)}`]),
    `URL:${url}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** The whole calendar, CRLF line endings, folded. */
export function maintenanceCalendar(data: SiteData): string {
  const host = pageHost(data);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Herald//Maintenance calendar//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${icsText(`${data.config.name} maintenance`)}`,
    `X-WR-CALNAME:${icsText(`${data.config.name} maintenance`)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...calendarWindows(data).flatMap((m) => eventLines(data, host, m)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
