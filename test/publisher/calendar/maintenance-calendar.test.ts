import { describe, expect, it } from 'vitest';
import { calendarWindows, foldLine, icsText, maintenanceCalendar } from '#publisher/calendar/maintenance-calendar';
import { renderSiteFiles } from '#publisher/render/site-files';
import { aComponent, aMaintenance, aMaintenanceUpdate, siteData } from '../../fixtures/site/builders.ts';
import { parseCalendar } from './ics.ts';

// NOW in the builders is 2025-11-27T12:00Z.
const db = aComponent({ id: 'db', name: 'Database, primary; EU' });

function windows() {
  return [
    aMaintenance({ id: 'UPCOMING', title: 'Upgrade; phase 1, "fast"', component_ids: ['db'], version: 3, updated_at: '2025-11-21T10:00:00.000Z',
      updates: [aMaintenanceUpdate({ maintenance_id: 'UPCOMING', message: 'We will **upgrade** the primary.\nExpect a 5-minute blip.' })] }),
    aMaintenance({ id: 'ACTIVE', status: 'in_progress', scheduled_for: '2025-11-27T11:00:00.000Z', scheduled_until: '2025-11-27T13:00:00.000Z', started_at: '2025-11-27T11:00:00.000Z' }),
    aMaintenance({ id: 'CANCELLED', status: 'completed', scheduled_for: '2025-12-02T02:00:00.000Z', scheduled_until: '2025-12-02T03:00:00.000Z',
      completed_at: '2025-11-25T08:00:00.000Z', cancelled_at: '2025-11-25T08:00:00.000Z', updated_at: '2025-11-25T08:00:00.000Z', version: 2 }),
    // Closed from scheduled before its end (the console's cancel, before cancelled_at existed): cancelled too.
    aMaintenance({ id: 'CLOSED-EARLY', status: 'completed', scheduled_for: '2025-12-03T02:00:00.000Z', scheduled_until: '2025-12-03T03:00:00.000Z',
      completed_at: '2025-11-26T08:00:00.000Z', updated_at: '2025-11-26T08:00:00.000Z', version: 2 }),
    aMaintenance({ id: 'DONE', status: 'completed', scheduled_for: '2025-11-20T02:00:00.000Z', scheduled_until: '2025-11-20T03:00:00.000Z',
      started_at: '2025-11-20T02:00:00.000Z', completed_at: '2025-11-20T03:00:00.000Z', updated_at: '2025-11-20T03:00:00.000Z' }),
    aMaintenance({ id: 'OLD-CANCELLED', status: 'completed', scheduled_for: '2025-10-02T02:00:00.000Z', scheduled_until: '2025-10-02T03:00:00.000Z',
      completed_at: '2025-10-01T08:00:00.000Z', cancelled_at: '2025-10-01T08:00:00.000Z', updated_at: '2025-10-01T08:00:00.000Z' }),
  ];
}

describe('/maintenance.ics', () => {
  it('lists open windows as CONFIRMED, recent cancelled ones as CANCELLED, with stable UIDs, SEQUENCE and DTSTAMP from the window', () => {
    const text = maintenanceCalendar(siteData({ components: [db], maintenances: windows() }));
    const { name, events } = parseCalendar(text);

    expect(name).toBe('Acme Status maintenance');
    expect(events.map((e) => [e.uid, e.status])).toEqual([
      ['DONE@status.example.com', 'CONFIRMED'],
      ['ACTIVE@status.example.com', 'CONFIRMED'],
      ['UPCOMING@status.example.com', 'CONFIRMED'],
      ['CANCELLED@status.example.com', 'CANCELLED'],
      ['CLOSED-EARLY@status.example.com', 'CANCELLED'],
    ]);
    const upcoming = events.find((e) => e.uid.startsWith('UPCOMING'))!;
    expect(upcoming).toMatchObject({
      sequence: 3,
      dtstamp: '2025-11-21T10:00:00.000Z',
      start: '2025-11-30T02:00:00.000Z',
      end: '2025-11-30T04:00:00.000Z',
      summary: 'Maintenance: Upgrade; phase 1, "fast"',
      url: 'https://status.example.com/#maintenance-UPCOMING',
    });
    // The latest message as text (Markdown gone, line breaks kept), then the components.
    expect(upcoming.description).toBe('We will upgrade the primary.\nExpect a 5-minute blip.\n\nAffected: Database, primary; EU');
    expect(events.find((e) => e.uid.startsWith('CANCELLED'))).toMatchObject({ summary: 'Cancelled: Database upgrade', sequence: 2 });
    expect(events.find((e) => e.uid.startsWith('CANCELLED'))!.url).toBe('https://status.example.com/history/2025-12/#maintenance-CANCELLED');
  });

  it('is RFC 5545 text: CRLF lines of at most 75 octets, escaped TEXT, and nothing from the clock', () => {
    const long = aMaintenance({ id: 'LONG', title: `Ünïcödé ${'é'.repeat(80)} 🚀🚀🚀 \\ end`, updates: [aMaintenanceUpdate({ maintenance_id: 'LONG', message: 'x'.repeat(300) })] });
    const text = maintenanceCalendar(siteData({ maintenances: [long] }));

    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(parseCalendar(text).events[0]!.summary).toBe(`Maintenance: ${long.title}`);
    expect(parseCalendar(text).events[0]!.description).toBe('x'.repeat(300));
    // Rendered at another moment, the same data gives the same bytes (DTSTAMP is the window's).
    expect(maintenanceCalendar(siteData({ maintenances: [long], now: '2025-11-27T12:05:00.000Z' }))).toBe(text);
  });

  it('escapes TEXT and folds without splitting a character', () => {
    expect(icsText('a\\b;c,d\ne\r\nf\u0007')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    const folded = foldLine(`SUMMARY:${'😀'.repeat(30)}`);
    for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`SUMMARY:${'😀'.repeat(30)}`);
  });

  it('drops completed and cancelled windows 30 days after they ended', () => {
    const ids = calendarWindows(siteData({ maintenances: windows(), now: '2025-12-27T12:00:00.000Z' })).map((m) => m.id);
    expect(ids).toEqual(['ACTIVE', 'UPCOMING']);
  });

  it('is written with text/calendar in a full build and for a maintenance change, not for an incident', async () => {
    const data = siteData({ components: [db], maintenances: windows() });
    const all = await renderSiteFiles(data, 'all');
    const ics = all.find((f) => f.path === 'maintenance.ics')!;
    expect(ics).toMatchObject({ contentType: 'text/calendar; charset=utf-8', cacheControl: expect.stringContaining('max-age=10') });
    expect(ics.body).toBe(maintenanceCalendar(data));
    const selection = { index: false, incidentIds: [], historyPages: [], feeds: true, json: true };
    expect((await renderSiteFiles(data, selection)).some((f) => f.path === 'maintenance.ics')).toBe(false);
    expect((await renderSiteFiles(data, { ...selection, calendar: true })).some((f) => f.path === 'maintenance.ics')).toBe(true);
  });
});
