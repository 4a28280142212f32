import { describe, expect, it } from 'vitest';
import { cachetTime, mapCachet, type CachetData } from '../../cli/import/cachet-map';
import { aCachetComponent, aCachetGroup, aCachetIncident, aCachetSchedule, aCachetSubscriber, aCachetUpdate } from '../support/fake-cachet';

const data = (over: Partial<CachetData>): CachetData => ({ groups: [], components: [], incidents: [], schedules: [], subscribers: [], included: [], ...over });
const only = (mapped: ReturnType<typeof mapCachet>, kind: string) => mapped.records.filter((r) => r.kind === kind);
const paris = { timeZone: 'Europe/Paris' };

describe('cachetTime', () => {
  it("reads Cachet's zoneless times in the given zone, summer and winter, and keeps an explicit offset", () => {
    expect(cachetTime({ human: 'x', string: '2024-01-15 10:00:00' }, 'Europe/Paris')).toBe('2024-01-15T09:00:00.000Z');
    expect(cachetTime('2024-07-15 10:00:00', 'Europe/Paris')).toBe('2024-07-15T08:00:00.000Z');
    expect(cachetTime('2024-07-15 10:00:00', 'America/New_York')).toBe('2024-07-15T14:00:00.000Z');
    expect(cachetTime('2024-07-15T10:00:00+02:00', 'UTC')).toBe('2024-07-15T08:00:00.000Z');
    expect(cachetTime({ string: null }, 'UTC')).toBeNull();
    expect(cachetTime('yesterday', 'UTC')).toBeNull();
  });
});

describe('mapCachet', () => {
  it('maps component statuses 1–5 and keeps groups', () => {
    const components = [1, 2, 3, 4, 5].map((status) => aCachetComponent(String(status), `C${status}`, { status }, '9'));
    const mapped = mapCachet(data({ groups: [aCachetGroup('9', 'Store')], components }), paris);
    expect(only(mapped, 'component').map((r) => [r.record.status, r.record.group])).toEqual([
      ['operational', '9'],
      ['degraded_performance', '9'],
      ['partial_outage', '9'],
      ['major_outage', '9'],
      ['operational', '9'],
    ]);
    expect(only(mapped, 'component')[4]!.notes).toEqual(['status 5 (unknown in Cachet) imported as operational']);
    expect(only(mapped, 'component_group')[0]!.record).toMatchObject({ name: 'Store', created_at: '2024-01-10T11:00:00.000Z' });
  });

  it('makes the incident message its first update and maps 1–4 (watching → monitoring, fixed → resolved)', () => {
    const updates = [aCachetUpdate('11', 2, 'Found it.', '2024-03-04 10:30:00'), aCachetUpdate('12', 3, 'Watching.', '2024-03-04 10:45:00'), aCachetUpdate('13', 4, 'Fixed.', '2024-03-04 11:00:00'), aCachetUpdate('14', 0, '?', '2024-03-04 11:05:00')];
    const incident = aCachetIncident('1', 'Checkout is failing', { status: { human: 'Fixed', value: 4 } }, updates);
    const [mapped] = only(mapCachet(data({ incidents: [incident], included: updates }), { ...paris, severity: 'SEV2' }), 'incident');
    expect(mapped!.record).toMatchObject({ severity: 'SEV2', created_at: '2024-03-04T09:05:00.000Z' });
    expect((mapped!.record.updates as Array<Record<string, unknown>>).map((u) => [u.status, u.created_at, u.notify])).toEqual([
      ['investigating', '2024-03-04T09:05:00.000Z', false],
      ['identified', '2024-03-04T09:30:00.000Z', false],
      ['monitoring', '2024-03-04T09:45:00.000Z', false],
      ['resolved', '2024-03-04T10:00:00.000Z', false],
    ]);
    expect(mapped!.notes).toEqual(['update 14: status 0 (unknown or scheduled) carries no state; left out']);
  });

  it('makes schedules maintenance windows by status 0 upcoming, 1 in progress, 2 complete', () => {
    const schedules = [0, 1, 2].map((value) => aCachetSchedule(String(value + 1), `W${value}`, { status: { human: '', value } }, ['5']));
    const mapped = mapCachet(data({ components: [aCachetComponent('5', 'DB')], schedules }), { timeZone: 'UTC' });
    expect(only(mapped, 'maintenance').map((r) => (r.record.updates as Array<{ status: string }>).map((u) => u.status))).toEqual([
      ['scheduled'],
      ['scheduled', 'in_progress'],
      ['scheduled', 'in_progress', 'completed'],
    ]);
    expect(only(mapped, 'maintenance')[2]!.record).toMatchObject({ scheduled_for: '2024-05-01T02:00:00.000Z', scheduled_until: '2024-05-01T04:00:00.000Z', components: ['5'] });
  });

  it('skips what it cannot map, with the reason, and never throws on garbage', () => {
    const mapped = mapCachet(
      data({
        components: [null, { id: '7', attributes: { name: 'Odd', status: 9, created: { string: '2024-01-01 00:00:00' } } }, { id: '8', attributes: {} }],
        incidents: [aCachetIncident('2', 'Scheduled thing', { status: { human: 'Unknown', value: 0 } }), aCachetIncident('3', 'No time', { occurred: null, created: null })],
        schedules: [aCachetSchedule('4', 'Weird', { status: { value: 7 } })],
        subscribers: [aCachetSubscriber('5', 'a@example.org', { verified: false }), aCachetSubscriber('6', 'b@example.org', {}, ['1'])],
      }),
      paris,
    );
    expect(mapped.skipped.map((s) => [s.kind, s.sourceId, s.reason])).toEqual([
      ['component', '?', 'not an object'],
      ['component', '7', 'unknown status 9'],
      ['component', '8', 'no name'],
      ['incident', '2', 'status 0 (unknown or scheduled): not an incident'],
      ['incident', '3', 'no occurred or created time'],
      ['maintenance', '4', 'unknown status {"value":7}'],
      ['subscriber', '5', 'never verified their address'],
    ]);
    expect(mapped.subscribers).toEqual([{ sourceId: '6', email: 'b@example.org', components: ['1'] }]);
  });
});
