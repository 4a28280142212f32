import { describe, expect, it } from 'vitest';
import type { IncidentWithUpdates } from '#core/model';
import { postmortemDraft } from '#core/postmortem-draft';
import { DEFAULT_SEVERITY_POLICY } from '#core/severity';
import { declarationEvents, editEvents, updateEvents, type TimelineEvent } from '#core/timeline';

const incident: IncidentWithUpdates = {
  id: 'INC-20261127-0905',
  title: 'Checkout is failing',
  severity: 'SEV1',
  impact: 'critical',
  status: 'resolved',
  component_ids: ['c1'],
  roles: { commander: 'alice', scribe: 'carol' },
  created_at: '2026-11-27T09:05:00.000Z',
  updated_at: '2026-11-27T10:40:00.000Z',
  started_at: '2026-11-27T09:00:00.000Z',
  identified_at: '2026-11-27T09:20:00.000Z',
  monitoring_at: null,
  resolved_at: '2026-11-27T10:35:00.000Z',
  last_update_at: '2026-11-27T10:35:00.000Z',
  update_count: 2,
  postmortem: null,
  declared_by: 'alice',
  version: 4,
  updates: [
    {
      id: 'INC-20261127-0905-1', incident_id: 'INC-20261127-0905', seq: 1, status: 'investigating',
      message: 'Payments fail for most customers. We are investigating.',
      component_changes: [{ id: 'c1', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }],
      notify: true, created_at: '2026-11-27T09:05:00.000Z', posted_by: 'alice',
    },
    {
      id: 'INC-20261127-0905-2', incident_id: 'INC-20261127-0905', seq: 2, status: 'resolved',
      message: 'A bad deploy | rolled back.',
      component_changes: [{ id: 'c1', name: 'Checkout', old_status: 'major_outage', new_status: 'operational' }],
      notify: true, created_at: '2026-11-27T10:35:00.000Z', posted_by: 'bob',
    },
  ],
};

function realTimeline(): TimelineEvent[] {
  const [first, second] = incident.updates;
  const declared = { ...incident, status: 'investigating' as const, version: 1, roles: {} };
  const withRoles = { ...declared, roles: incident.roles, version: 2 };
  return [
    ...updateEvents({ ...withRoles, version: 2 }, second!, 3),
    ...declarationEvents(declared, first!),
    ...editEvents(declared, withRoles, 'alice', '2026-11-27T09:07:00.000Z'),
  ];
}

describe('postmortemDraft', () => {
  const draft = postmortemDraft({
    incident,
    events: realTimeline(),
    componentNames: new Map([['c1', 'Checkout']]),
    subscribersNotified: { notifications: 2, mails: 2400, subscribers: 1234 },
    policy: DEFAULT_SEVERITY_POLICY.SEV1,
    now: '2026-11-28T08:00:00.000Z',
  });

  it('has the sections a postmortem needs, in order', () => {
    const headings = draft.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Postmortem: Checkout is failing (INC-20261127-0905)',
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Root cause (five whys)',
      '## Contributing factors',
      '## What went well',
      '## What went poorly',
      '## Action items',
    ]);
    expect(draft).toContain('| Action | Owner | Due date | Ticket |');
    expect(draft).toMatch(/1\. Why did Checkout is failing happen\? Because …\n2\. .*\n3\. .*\n4\. .*\n5\. /);
  });

  it('fills in the impact from the record', () => {
    expect(draft).toContain('- Severity: SEV1 (critical impact)');
    expect(draft).toContain('- Duration: 1 h 35 min (2026-11-27 09:00 UTC to 2026-11-27 10:35 UTC)');
    expect(draft).toContain('- Components: Checkout (worst: major_outage)');
    expect(draft).toContain('- Subscribers notified: 1234 (2400 mails over 2 notifications)');
    expect(draft).toContain('| Incident commander | alice |');
    expect(draft).toContain('| Postmortem | required, due 2026-11-29 10:35 UTC |');
  });

  it('lists the real timeline in time order, with actors, cells escaped', () => {
    const rows = draft.split('## Timeline')[1]!.split('## Root cause')[0]!.split('\n').filter((l) => /^\| \d{4}-/.test(l));
    expect(rows).toEqual([
      '| 2026-11-27 09:05 | Declared SEV1 (investigating): Checkout is failing | alice |',
      '| 2026-11-27 09:05 | Components: Checkout operational → major_outage | alice |',
      '| 2026-11-27 09:07 | Incident commander: alice | alice |',
      '| 2026-11-27 09:07 | Scribe: carol | alice |',
      '| 2026-11-27 10:35 | Update #2 (investigating → resolved), subscribers notified: A bad deploy \\| rolled back. | bob |',
      '| 2026-11-27 10:35 | Components: Checkout major_outage → operational | bob |',
    ]);
  });

  it('says n/a when the number of subscribers notified is unknown, and falls back to the updates without events', () => {
    const bare = postmortemDraft({
      incident,
      events: [],
      componentNames: new Map(),
      subscribersNotified: null,
      policy: DEFAULT_SEVERITY_POLICY.SEV1,
      now: '2026-11-28T08:00:00.000Z',
    });
    expect(bare).toContain('- Subscribers notified: n/a');
    expect(bare).toContain('| 2026-11-27 09:05 | Update #1 (investigating): Payments fail for most customers. We are investigating. | alice |');
  });
});
