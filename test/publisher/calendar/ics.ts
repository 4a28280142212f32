// Reads a calendar with ical.js, the parser the issue names: each VEVENT's properties as a
// calendar app would see them.
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string;
  summary: string;
  description: string;
  url: string;
  dtstamp: string;
  start: string;
  end: string;
}

const iso = (value: unknown) => (value as { toJSDate(): Date }).toJSDate().toISOString();

export function parseCalendar(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => ({
    uid: String(vevent.getFirstPropertyValue('uid')),
    sequence: Number(vevent.getFirstPropertyValue('sequence')),
    status: String(vevent.getFirstPropertyValue('status')),
    summary: String(vevent.getFirstPropertyValue('summary')),
    description: String(vevent.getFirstPropertyValue('description') ?? ''),
    url: String(vevent.getFirstPropertyValue('url')),
    dtstamp: iso(vevent.getFirstPropertyValue('dtstamp')),
    start: iso(vevent.getFirstPropertyValue('dtstart')),
    end: iso(vevent.getFirstPropertyValue('dtend')),
  }));
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}
