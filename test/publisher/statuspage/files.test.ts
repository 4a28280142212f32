import { describe, expect, it } from 'vitest';
import {
  activeMaintenancesJson,
  componentsJson,
  incidentsJson,
  scheduledMaintenancesJson,
  statusJson,
  summaryJson,
  unresolvedIncidentsJson,
  upcomingMaintenancesJson,
  STATUSPAGE_FILES,
} from '#publisher/statuspage/files';
import type { SiteData } from '#publisher/render/site-model';
import { aComponent, aMaintenance, anIncident, anUpdate, siteData } from '../../fixtures/site/builders.ts';
import { COMPONENT_GROUP_EXAMPLE, NULLABLE_FIELDS, SUMMARY_EXAMPLE } from '../../fixtures/site/statuspage-v2-examples.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Problems with `actual` against Statuspage's documented `example`: the same keys at every level,
 * the same JSON type for every value (null allowed for the documented nullable fields, and a value
 * allowed where the example happens to show null), array elements like the example's first one.
 */
function shapeProblems(actual: unknown, example: Json, path = '$'): string[] {
  const key = path.split('.').pop()?.replace(/\[\d+\]$/, '') ?? '';
  if (example === null) {
    return actual === null || NULLABLE_FIELDS.has(key) ? [] : [`${path}: expected null, got ${JSON.stringify(actual)}`];
  }
  if (actual === null) return NULLABLE_FIELDS.has(key) ? [] : [`${path}: null is not allowed`];
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    const first = example[0];
    return first === undefined ? [] : actual.flatMap((item, i) => shapeProblems(item, first, `${path}[${i}]`));
  }
  if (typeof example === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object`];
    const want = Object.keys(example).sort();
    const got = Object.keys(actual as object).sort();
    if (want.join() !== got.join()) return [`${path}: keys ${got.join(',')} ≠ ${want.join(',')}`];
    return want.flatMap((k) => shapeProblems((actual as Record<string, unknown>)[k], example[k]!, `${path}.${k}`));
  }
  return typeof actual === typeof example ? [] : [`${path}: expected a ${typeof example}, got ${JSON.stringify(actual)}`];
}

const PAGE_EXAMPLE = SUMMARY_EXAMPLE.page as Json;
const COMPONENT_EXAMPLE = SUMMARY_EXAMPLE.components[0] as unknown as Json;
const INCIDENT_EXAMPLE = SUMMARY_EXAMPLE.incidents[0] as unknown as Json;
const MAINTENANCE_EXAMPLE = SUMMARY_EXAMPLE.scheduled_maintenances[0] as unknown as Json;

function aBusyPage(overrides: Partial<SiteData> = {}): SiteData {
  const group = aComponent({ id: 'grp', name: 'Payments', group: true, position: 2 });
  const card = aComponent({ id: 'card', name: 'Card processing', group_id: 'grp', position: 2, status: 'partial_outage' });
  const bank = aComponent({ id: 'bank', name: 'Bank transfers', group_id: 'grp', position: 1 });
  const api = aComponent({ id: 'api', name: 'API', position: 1 });
  const open = anIncident({
    id: 'INC-20251127-1000',
    title: 'Card payments failing',
    severity: 'SEV1',
    status: 'monitoring',
    component_ids: ['card'],
    monitoring_at: '2025-11-27T10:30:00.000Z',
    updates: [
      anUpdate({ incident_id: 'INC-20251127-1000', seq: 1, created_at: '2025-11-27T10:00:00.000Z', component_changes: [{ id: 'card', name: 'Card processing', old_status: 'operational', new_status: 'major_outage' }] }),
      anUpdate({ incident_id: 'INC-20251127-1000', seq: 2, status: 'monitoring', created_at: '2025-11-27T10:30:00.000Z', notify: false, message: 'Fix deployed.', component_changes: [{ id: 'card', name: 'Card processing', old_status: 'major_outage', new_status: 'partial_outage' }] }),
    ],
  });
  const resolved = anIncident({ id: 'INC-20251101-0900', title: 'Slow API', status: 'resolved', startedAt: '2025-11-01T09:00:00.000Z', severity: 'SEV3', component_ids: ['api'] });
  return siteData({
    components: [card, group, api, bank],
    incidents: [resolved, open],
    maintenances: [
      aMaintenance({ id: 'MNT-up', status: 'scheduled', component_ids: ['bank'], scheduled_for: '2025-12-01T02:00:00.000Z', scheduled_until: '2025-12-01T03:00:00.000Z' }),
      aMaintenance({ id: 'MNT-now', status: 'verifying', component_ids: ['api'], scheduled_for: '2025-11-27T11:00:00.000Z', scheduled_until: '2025-11-27T13:00:00.000Z', started_at: '2025-11-27T11:00:00.000Z' }),
      aMaintenance({ id: 'MNT-done', status: 'completed', scheduled_for: '2025-11-01T02:00:00.000Z', scheduled_until: '2025-11-01T03:00:00.000Z', started_at: '2025-11-01T02:00:00.000Z', completed_at: '2025-11-01T03:00:00.000Z', updated_at: '2025-11-01T03:00:00.000Z' }),
    ],
    ...overrides,
  });
}

describe('Statuspage v2 files', () => {
  it('builds summary.json with exactly the keys, nesting and value types of Statuspage’s example', () => {
    const summary = summaryJson(aBusyPage());

    const components = summary.components.filter((c) => !c.group);
    expect(Object.keys(summary)).toEqual(['page', 'components', 'incidents', 'scheduled_maintenances', 'status']);
    expect(shapeProblems(summary.page, PAGE_EXAMPLE)).toEqual([]);
    expect(shapeProblems(components, [COMPONENT_EXAMPLE])).toEqual([]);
    expect(shapeProblems(summary.incidents, [INCIDENT_EXAMPLE])).toEqual([]);
    expect(shapeProblems(summary.scheduled_maintenances, [MAINTENANCE_EXAMPLE])).toEqual([]);
    expect(shapeProblems(summary.status, SUMMARY_EXAMPLE.status as Json)).toEqual([]);
  });

  it('lists open incidents and upcoming and active maintenance in summary.json', () => {
    const summary = summaryJson(aBusyPage());

    expect(summary.incidents.map((i) => i.id)).toEqual(['INC-20251127-1000']);
    expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual(['MNT-now', 'MNT-up']);
  });

  it('starts every file with the page object, its url absolute', () => {
    const data = aBusyPage({ config: { ...aBusyPage().config, url: 'https://status.example.com/' } });

    for (const build of Object.values(STATUSPAGE_FILES)) {
      const file = build(data) as { page: unknown };
      expect(shapeProblems(file.page, PAGE_EXAMPLE)).toEqual([]);
      expect(file.page).toEqual({
        id: 'herald',
        name: 'Acme Status',
        url: 'https://status.example.com',
        time_zone: 'Etc/UTC',
        updated_at: '2025-11-27T10:30:00.000Z',
      });
    }
  });

  it('puts the eight files at Statuspage’s paths', () => {
    expect(Object.keys(STATUSPAGE_FILES).sort()).toEqual([
      'api/v2/components.json',
      'api/v2/incidents.json',
      'api/v2/incidents/unresolved.json',
      'api/v2/scheduled-maintenances.json',
      'api/v2/scheduled-maintenances/active.json',
      'api/v2/scheduled-maintenances/upcoming.json',
      'api/v2/status.json',
      'api/v2/summary.json',
    ]);
  });

  describe('status.json', () => {
    it('has only page and status, in Statuspage’s words', () => {
      const file = statusJson(aBusyPage());

      expect(Object.keys(file)).toEqual(['page', 'status']);
      expect(file.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    });

    it('reads All Systems Operational on a quiet page, never an empty description', () => {
      expect(statusJson(siteData()).status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    });
  });

  describe('components.json', () => {
    it('lists groups and their children flat, each group followed by its children by position', () => {
      const { components } = componentsJson(aBusyPage());

      expect(components.map((c) => c.id)).toEqual(['api', 'grp', 'bank', 'card']);
    });

    it('gives a group its children’s ids, shaped like Statuspage’s group', () => {
      const group = componentsJson(aBusyPage()).components.find((c) => c.id === 'grp');

      expect(shapeProblems(group, COMPONENT_GROUP_EXAMPLE as Json)).toEqual([]);
      expect(group).toMatchObject({ group: true, group_id: null, components: ['bank', 'card'], page_id: 'herald' });
      expect(group!.status).toBe('partial_outage'); // its worst child's

    });

    it('has children carry their group’s id and no components key', () => {
      const card = componentsJson(aBusyPage()).components.find((c) => c.id === 'card');

      expect(shapeProblems(card, COMPONENT_EXAMPLE)).toEqual([]);
      expect(card).toMatchObject({ group_id: 'grp', group: false, status: 'partial_outage', start_date: '2025-01-01' });
    });
  });

  describe('incidents.json', () => {
    it('maps title to name and message to body, with updates newest first', () => {
      const incident = incidentsJson(aBusyPage()).incidents.find((i) => i.id === 'INC-20251127-1000')!;

      expect(incident.name).toBe('Card payments failing');
      expect(incident.impact).toBe('critical');
      expect(incident.monitoring_at).toBe('2025-11-27T10:30:00.000Z');
      expect(incident.incident_updates.map((u) => [u.status, u.body])).toEqual([
        ['monitoring', 'Fix deployed.'],
        ['investigating', 'We are investigating reports of errors.'],
      ]);
    });

    it('gives each update its component moves as affected_components, or null', () => {
      const data = aBusyPage();
      const [latest, first] = incidentsJson(data).incidents[0]!.incident_updates;
      const resolved = incidentsJson(data).incidents[1]!;

      expect(latest).toMatchObject({
        incident_id: 'INC-20251127-1000',
        display_at: '2025-11-27T10:30:00.000Z',
        deliver_notifications: false,
        affected_components: [{ code: 'card', name: 'Card processing', old_status: 'major_outage', new_status: 'partial_outage' }],
        custom_tweet: null,
        tweet_id: null,
      });
      expect(first!.deliver_notifications).toBe(true);
      expect(resolved.incident_updates[0]!.affected_components).toBeNull();
    });

    it('links each incident to its page by an absolute shortlink, and embeds its components', () => {
      const incident = incidentsJson(aBusyPage()).incidents[0]!;

      expect(incident.shortlink).toBe('https://status.example.com/incidents/INC-20251127-1000/');
      expect(incident.components.map((c) => c.id)).toEqual(['card']);
      expect(incident.page_id).toBe('herald');
    });

    it('lists the 50 most recent, resolved ones included, newest first', () => {
      const incidents = Array.from({ length: 60 }, (_, i) =>
        anIncident({ status: 'resolved', startedAt: new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString() }),
      );

      const listed = incidentsJson(siteData({ incidents })).incidents;

      expect(listed).toHaveLength(50);
      expect(listed[0]!.started_at).toBe('2025-03-01T00:00:00.000Z');
      expect(listed.map((i) => i.started_at)).toEqual([...listed.map((i) => i.started_at)].sort().reverse());
    });

    it('lists only open incidents in unresolved.json', () => {
      expect(unresolvedIncidentsJson(aBusyPage()).incidents.map((i) => i.status)).toEqual(['monitoring']);
    });
  });

  describe('scheduled maintenances', () => {
    it('gives a maintenance the incident’s keys plus its window, impact maintenance', () => {
      const { scheduled_maintenances: all } = scheduledMaintenancesJson(aBusyPage());

      expect(shapeProblems(all, [MAINTENANCE_EXAMPLE])).toEqual([]);
      expect(all.every((m) => m.impact === 'maintenance')).toBe(true);
      expect(all.find((m) => m.id === 'MNT-done')).toMatchObject({ status: 'completed', resolved_at: '2025-11-01T03:00:00.000Z' });
    });

    it('links an open window to the index and a completed one to its entry in the history', () => {
      const { scheduled_maintenances: all } = scheduledMaintenancesJson(aBusyPage());

      expect(all.find((m) => m.id === 'MNT-up')?.shortlink).toBe('https://status.example.com/#maintenance-MNT-up');
      expect(all.find((m) => m.id === 'MNT-done')?.shortlink).toBe('https://status.example.com/history/2025-11/#maintenance-MNT-done');
    });

    it('splits upcoming (scheduled) from active (in progress or verifying)', () => {
      const data = aBusyPage();

      expect(upcomingMaintenancesJson(data).scheduled_maintenances.map((m) => m.id)).toEqual(['MNT-up']);
      expect(activeMaintenancesJson(data).scheduled_maintenances.map((m) => m.id)).toEqual(['MNT-now']);
      expect(Object.keys(upcomingMaintenancesJson(data))).toEqual(['page', 'scheduled_maintenances']);
    });
  });

  it('survives a JSON round trip unchanged (no undefined, no Dates)', () => {
    const summary = summaryJson(aBusyPage());

    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});
