import { describe, expect, it } from 'vitest';
import { mapStatuspage, parseSeverityMap, type StatuspageData } from '../../cli/import/statuspage-map';
import { aComponent, aGroup, aSubscriber, aTemplate, anIncident, anUpdate } from '../support/statuspage-fixtures';

const data = (over: Partial<StatuspageData>): StatuspageData => ({ groups: [], components: [], incidents: [], templates: [], subscribers: [], ...over });
const only = (mapped: ReturnType<typeof mapStatuspage>, kind: string) => mapped.records.filter((r) => r.kind === kind);

describe('mapStatuspage', () => {
  it('maps impact to severity: critical SEV1, major SEV2, minor SEV3, none SEV4, or as configured', () => {
    const incidents = (['critical', 'major', 'minor', 'none'] as const).map((impact) => anIncident({ impact }));
    expect(only(mapStatuspage(data({ incidents })), 'incident').map((r) => r.record.severity)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    const custom = mapStatuspage(data({ incidents }), parseSeverityMap('critical=SEV0,none=P3'));
    expect(only(custom, 'incident').map((r) => r.record.severity)).toEqual(['SEV0', 'SEV2', 'SEV3', 'SEV3']);
    expect(() => parseSeverityMap('huge=SEV1')).toThrow(/impact=severity/);
  });

  it('keeps every update oldest first with its original time, status and affected components; postmortem status is resolved', () => {
    const incident = anIncident({ postmortem_body: 'What happened', postmortem_published_at: '2024-03-06T09:00:00Z' }, [
      anUpdate({ status: 'investigating', created_at: '2024-03-04T10:05:00.000-06:00', affected_components: [{ code: 'c1', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }] }),
      anUpdate({ status: 'resolved', body: 'Fixed.', created_at: '2024-03-04T11:00:00.000-06:00' }),
      anUpdate({ status: 'postmortem', body: 'Postmortem published.', created_at: '2024-03-06T09:00:00.000-06:00', deliver_notifications: false }),
    ]);
    const [mapped] = only(mapStatuspage(data({ incidents: [incident] })), 'incident');
    const updates = mapped!.record.updates as Array<Record<string, unknown>>;
    expect(updates.map((u) => [u.status, u.created_at, u.notify])).toEqual([
      ['investigating', '2024-03-04T16:05:00.000Z', true],
      ['resolved', '2024-03-04T17:00:00.000Z', true],
      ['resolved', '2024-03-06T15:00:00.000Z', false],
    ]);
    expect(updates[0]!.components).toEqual([{ component: 'c1', old_status: 'operational', new_status: 'major_outage' }]);
    expect(mapped!.record.postmortem).toMatchObject({ body: 'What happened', published: true, published_at: '2024-03-06T09:00:00.000Z' });
  });

  it('makes an incident with scheduled_for a maintenance window with its updates and components', () => {
    const window = anIncident(
      { scheduled_for: '2024-05-01T02:00:00Z', scheduled_until: '2024-05-01T04:00:00Z', impact: 'maintenance', components: [aComponent({ id: 'c9' })] },
      [anUpdate({ status: 'scheduled', created_at: '2024-04-20T00:00:00Z' }), anUpdate({ status: 'completed', created_at: '2024-05-01T04:00:00Z' })],
    );
    const [m] = only(mapStatuspage(data({ incidents: [window] })), 'maintenance');
    expect(m!.record).toMatchObject({ scheduled_for: '2024-05-01T02:00:00.000Z', scheduled_until: '2024-05-01T04:00:00.000Z', components: ['c9'] });
    expect((m!.record.updates as unknown[]).length).toBe(2);
  });

  it('cleans what it can and says so: control characters, 200 KB bodies, duplicate names, components in no group', () => {
    const group = aGroup({ id: 'g1', name: 'Store' });
    const components = [
      aComponent({ id: 'c1', name: 'API', group_id: 'g1' }),
      aComponent({ id: 'c2', name: 'API', group_id: 'g1' }),
      aComponent({ id: 'c3', name: 'Loose', group_id: null }),
      aComponent({ id: 'c4', name: 'Orphan', group_id: 'gone' }),
      aComponent({ id: 'g1', name: 'Store', group: true }),
    ];
    const incident = anIncident({ name: 'Bell\u0007 and\u0000 null' }, [anUpdate({ body: 'x'.repeat(200 * 1024) })]);
    const mapped = mapStatuspage(data({ groups: [group], components, incidents: [incident] }));
    const byId = new Map(mapped.records.map((r) => [r.sourceId, r]));
    expect(only(mapped, 'component').map((r) => r.sourceId)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(byId.get('c2')!.record.name).toBe('API (2)');
    expect(byId.get('c3')!.record.group).toBeNull();
    expect(byId.get('c4')!.record.group).toBeNull();
    expect(byId.get('c4')!.notes).toEqual(['group gone is not among the groups; imported in no group']);
    const inc = byId.get(incident.id)!;
    expect(inc.record.title).toBe('Bell and null');
    const message = (inc.record.updates as Array<{ message: string }>)[0]!.message;
    expect(message.length).toBeLessThanOrEqual(20_000);
    expect(message).toMatch(/Cut on import: 204,800 characters in the source/);
    expect(inc.notes.join('\n')).toMatch(/control characters removed[\s\S]*cut to 20,000 characters/);
  });

  it('skips what it cannot map, with the reason, and never throws on garbage', () => {
    const mapped = mapStatuspage(
      data({
        components: [null, 42, 'x', { id: 'c1' }, aComponent({ id: 'c2', status: 'on_fire' })],
        incidents: [{ id: 'i1', name: 'No updates', created_at: '2024-01-01T00:00:00Z', incident_updates: [] }, anIncident({ id: 'i2', impact: 'apocalyptic' }), anIncident({ id: 'i3' }, [anUpdate({ status: 'exploding' }), anUpdate({ status: 'resolved', created_at: '2024-03-04T12:00:00Z' })])],
        subscribers: [aSubscriber({ id: 's1', quarantined_at: '2024-02-02T00:00:00Z' }), aSubscriber({ id: 's2', mode: 'sms', email: null }), aSubscriber({ id: 's3', email: 'ok@example.org', components: ['c1'] })],
        templates: [aTemplate({ id: 't1', body: '' }), aTemplate({ id: 't2', body: 'Uses {{braces}}' })],
      }),
    );
    expect(mapped.skipped.map((s) => [s.kind, s.sourceId, s.reason])).toEqual([
      ['component', '?', 'not an object'],
      ['component', '?', 'not an object'],
      ['component', '?', 'not an object'],
      ['component', 'c1', 'no name'],
      ['component', 'c2', 'unknown status "on_fire"'],
      ['incident', 'i1', 'no usable updates'],
      ['incident', 'i2', 'unknown impact "apocalyptic"'],
      ['template', 't1', 'no body'],
      ['subscriber', 's1', 'quarantined since 2024-02-02T00:00:00Z'],
      ['subscriber', 's2', 'a sms subscriber (Herald mails only)'],
    ]);
    const i3 = mapped.records.find((r) => r.sourceId === 'i3')!;
    expect((i3.record.updates as unknown[]).length).toBe(1);
    expect(i3.notes[0]).toMatch(/unknown status "exploding"; left out/);
    expect(mapped.records.find((r) => r.sourceId === 't2')!.record.body).toBe('Uses { {braces} }');
    expect(mapped.subscribers).toEqual([{ sourceId: 's3', email: 'ok@example.org', components: ['c1'] }]);
  });
});
