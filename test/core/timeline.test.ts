import { describe, expect, it } from 'vitest';
import type { Incident, IncidentUpdate } from '#core/model';
import { byTime, declarationEvents, editEvents, humanMinutes, postmortemEvents, updateEvents, utcMinute } from '#core/timeline';

const anIncident = (over: Partial<Incident> = {}): Incident => ({
  id: 'INC-20261127-0900',
  title: 'Checkout is failing',
  severity: 'SEV2',
  impact: 'major',
  status: 'investigating',
  component_ids: [],
  roles: {},
  created_at: '2026-11-27T09:00:00.000Z',
  updated_at: '2026-11-27T09:00:00.000Z',
  started_at: '2026-11-27T09:00:00.000Z',
  identified_at: null,
  monitoring_at: null,
  resolved_at: null,
  last_update_at: '2026-11-27T09:00:00.000Z',
  update_count: 1,
  postmortem: null,
  declared_by: 'alice',
  version: 1,
  ...over,
});

const anUpdate = (over: Partial<IncidentUpdate> = {}): IncidentUpdate => ({
  id: 'INC-20261127-0900-1',
  incident_id: 'INC-20261127-0900',
  seq: 1,
  status: 'investigating',
  message: 'Payments fail.\nMore detail here.',
  component_changes: [],
  notify: true,
  created_at: '2026-11-27T09:00:00.000Z',
  posted_by: 'alice',
  ...over,
});

describe('declarationEvents', () => {
  it('records the declaration and the components it moved, by its actor', () => {
    const update = anUpdate({ component_changes: [{ id: 'c1', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }] });

    const events = declarationEvents(anIncident(), update);

    expect(events.map((e) => e.kind)).toEqual(['declared', 'components_changed']);
    expect(events.every((e) => e.actor === 'alice' && e.at === update.created_at)).toBe(true);
    expect(events[1]!.summary).toBe('Components: Checkout operational → major_outage');
    expect(new Set(events.map((e) => e.n)).size).toBe(2);
  });
});

describe('updateEvents', () => {
  it('names the status move and the first line of the message', () => {
    const [event] = updateEvents(anIncident(), anUpdate({ seq: 2, status: 'identified', posted_by: 'bob' }), 2);

    expect(event).toMatchObject({ kind: 'update_posted', actor: 'bob', n: '000002.0' });
    expect(event!.summary).toBe('Update #2 (investigating → identified), subscribers notified: Payments fail.');
  });

  it('leaves out components whose status did not change', () => {
    const update = anUpdate({ seq: 2, component_changes: [{ id: 'c1', name: 'Checkout', old_status: 'major_outage', new_status: 'major_outage' }] });
    expect(updateEvents(anIncident(), update, 2).map((e) => e.kind)).toEqual(['update_posted']);
  });
});

describe('editEvents', () => {
  it('records severity, title and each role that changed', () => {
    const before = anIncident({ roles: { commander: 'alice', scribe: 'carol' } });
    const after = anIncident({
      title: 'Checkout and cart are failing',
      severity: 'SEV1',
      impact: 'critical',
      roles: { commander: 'dave', scribe: null, comms: 'erin' },
      version: 2,
    });

    const events = editEvents(before, after, 'alice', '2026-11-27T09:10:00.000Z');

    expect(events.map((e) => [e.kind, e.details])).toEqual([
      ['title_changed', { from: 'Checkout is failing', to: 'Checkout and cart are failing' }],
      ['severity_changed', { from: 'SEV2', to: 'SEV1', impact: 'critical' }],
      ['role_assigned', { role: 'commander', from: 'alice', to: 'dave' }],
      ['role_assigned', { role: 'comms', from: null, to: 'erin' }],
      ['role_assigned', { role: 'scribe', from: 'carol', to: null }],
    ]);
    expect(events[2]!.summary).toBe('Incident commander: dave (was alice)');
    expect(events[4]!.summary).toBe('Scribe: unassigned (was carol)');
  });

  it('records nothing when nothing changed', () => {
    expect(editEvents(anIncident({ roles: { commander: 'a' } }), anIncident({ roles: { commander: 'a' }, version: 2 }), 'x', '2026-11-27T09:10:00Z')).toEqual([]);
  });
});

describe('postmortemEvents', () => {
  const pm = (published: boolean) => ({ body: 'x', published, published_at: published ? '2026-11-28T00:00:00Z' : null, updated_at: '2026-11-28T00:00:00Z' });

  it('records the publication once, not a rewrite of a published postmortem', () => {
    expect(postmortemEvents(anIncident({ postmortem: pm(false) }), anIncident({ postmortem: pm(true) }), 'a', 'now').map((e) => e.kind)).toEqual([
      'postmortem_published',
    ]);
    expect(postmortemEvents(anIncident({ postmortem: pm(true) }), anIncident({ postmortem: pm(true) }), 'a', 'now')).toEqual([]);
    expect(postmortemEvents(anIncident(), anIncident({ postmortem: pm(false) }), 'a', 'now')).toEqual([]);
  });
});

describe('byTime', () => {
  it('orders by time, then by the order a change made them', () => {
    const at = (t: string, n: string) => ({ ...declarationEvents(anIncident(), anUpdate())[0]!, at: t, n });
    const sorted = [at('2026-11-27T09:01:00Z', '000002.0'), at('2026-11-27T09:00:00Z', '000001.1'), at('2026-11-27T09:00:00Z', '000001.0')].sort(byTime);
    expect(sorted.map((e) => e.n)).toEqual(['000001.0', '000001.1', '000002.0']);
  });
});

describe('formatting', () => {
  it('writes UTC minutes and durations', () => {
    expect(utcMinute('2026-11-27T09:05:59.999Z')).toBe('2026-11-27 09:05 UTC');
    expect(humanMinutes(0)).toBe('0 min');
    expect(humanMinutes(95)).toBe('1 h 35 min');
    expect(humanMinutes(1500)).toBe('1 d 1 h');
  });
});
