import { describe, expect, it } from 'vitest';
import { spComponent } from '#publisher/statuspage/components';
import { spIncident } from '#publisher/statuspage/incidents';
import { spScheduledMaintenance } from '#publisher/statuspage/maintenances';
import { siteDataFor } from '#channels/payloads/context';
import { statuspageWebhook } from '#channels/payloads/statuspage';
import incidentCapture from '../../fixtures/channels/statuspage-incident-webhook.json' with { type: 'json' };
import componentCapture from '../../fixtures/channels/statuspage-component-webhook.json' with { type: 'json' };
import { aContext, anIncidentChange, anInternalEvent } from '../../fixtures/channels/builders.ts';
import { aComponent, aMaintenance, anIncident, anUpdate } from '../../fixtures/site/builders.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Fields of Statuspage's public API objects newer than the 2017 captures (fixtures README): the
 * only keys Herald's objects may have beyond the capture's, by the path of the object. */
const NEWER_API_FIELDS: ReadonlyArray<[RegExp, ReadonlyArray<string>]> = [
  [/^\$\.incident$/, ['started_at']],
  [/^\$\.incident\.incident_updates\[\]$/, ['tweet_id']],
  [/(^\$\.component|\.components\[\])$/, ['start_date', 'group', 'only_show_if_degraded']],
];

/**
 * Differences between `actual` and the capture: the same keys at every level (beyond the newer API
 * fields), the same JSON type for every value (null where the capture has null, except the
 * `nullable` keys, which may hold a value), array elements like the capture's first one.
 */
function shapeProblems(actual: unknown, capture: Json, nullable: ReadonlySet<string> = new Set(), path = '$'): string[] {
  const key = path.split('.').pop() ?? '';
  if (actual === null && nullable.has(key)) return [];
  if (capture === null) {
    return actual === null || nullable.has(key) ? [] : [`${path}: expected null, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(capture)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    if (actual.length === 0) return [`${path}: empty (the capture's has elements: build data that fills it)`];
    return actual.flatMap((item) => shapeProblems(item, capture[0]!, nullable, `${path}[]`));
  }
  if (typeof capture === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${path}: expected an object`];
    const newer = NEWER_API_FIELDS.filter(([re]) => re.test(path)).flatMap(([, keys]) => keys);
    const want = Object.keys(capture).sort();
    const got = Object.keys(actual).filter((k) => !newer.includes(k)).sort();
    if (want.join() !== got.join()) return [`${path}: keys ${got.join(',')} ≠ ${want.join(',')}`];
    return want.flatMap((k) => shapeProblems((actual as Record<string, unknown>)[k], capture[k]!, nullable, `${path}.${k}`));
  }
  return typeof actual === typeof capture ? [] : [`${path}: expected a ${typeof capture}, got ${JSON.stringify(actual)}`];
}

/** A round trip through JSON: what the receiver parses. */
const sent = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

function resolvedCheckoutIncident() {
  const checkout = aComponent({ id: 'checkout', name: 'Checkout', status: 'operational' });
  const id = 'INC-20261127-0732';
  const incident = anIncident({
    id,
    title: 'Checkout errors',
    severity: 'SEV2',
    status: 'resolved',
    startedAt: '2026-11-27T07:32:00.000Z',
    component_ids: ['checkout'],
    updates: [
      anUpdate({
        incident_id: id,
        seq: 1,
        status: 'identified',
        message: 'Checkout requests are timing out; a fix is being deployed.',
        created_at: '2026-11-27T07:32:00.000Z',
        component_changes: [{ id: 'checkout', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }],
      }),
      anUpdate({
        incident_id: id,
        seq: 2,
        status: 'resolved',
        message: 'The issue is resolved.',
        created_at: '2026-11-27T07:37:20.000Z',
        component_changes: [{ id: 'checkout', name: 'Checkout', old_status: 'major_outage', new_status: 'operational' }],
      }),
    ],
  });
  return { checkout, incident };
}

describe('statuspageWebhook', () => {
  it('sends an incident change in the shape of a captured Statuspage incident webhook, key for key', () => {
    // Prepare
    const { checkout, incident } = resolvedCheckoutIncident();
    const ctx = aContext({ components: [checkout], pageStatus: { indicator: 'none', description: 'All Systems Operational' } });

    // Act
    const body = sent(statuspageWebhook(anIncidentChange(incident), ctx));

    // Assess
    expect(shapeProblems(body, incidentCapture as unknown as Json)).toEqual([]);
  });

  it("carries the /api/v2 incident object field for field, updates newest first with their affected components", () => {
    const { checkout, incident } = resolvedCheckoutIncident();
    const ctx = aContext({ components: [checkout] });

    const body = sent(statuspageWebhook(anIncidentChange(incident), ctx));

    const api = sent(spIncident(siteDataFor(ctx), incident));
    expect(body.incident).toMatchObject(api);
    const updates = (body.incident as { incident_updates: Array<{ body: string; affected_components: unknown }> }).incident_updates;
    expect(updates.map((u) => u.body)).toEqual(['The issue is resolved.', 'Checkout requests are timing out; a fix is being deployed.']);
    expect(updates[0]!.affected_components).toEqual([{ code: 'checkout', name: 'Checkout', old_status: 'major_outage', new_status: 'operational' }]);
    expect(body.meta).toEqual({ unsubscribe: 'https://status.example.com/', documentation: 'https://status.example.com/', generated_at: '2026-11-27T08:00:00.000Z' });
    expect(body.page).toEqual({ id: 'herald', status_indicator: 'major', status_description: 'Partial System Outage' });
  });

  it('fills the postmortem fields from a published postmortem', () => {
    const { incident } = resolvedCheckoutIncident();
    const withPostmortem = {
      ...incident,
      postmortem: { body: '## What happened', published: true, published_at: '2026-11-28T10:00:00.000Z', updated_at: '2026-11-28T09:00:00.000Z', notified_at: '2026-11-28T10:00:00.000Z' },
    };

    const body = sent(statuspageWebhook(anIncidentChange(withPostmortem), aContext()));

    expect(body.incident).toMatchObject({
      postmortem_body: '## What happened',
      postmortem_body_last_updated_at: '2026-11-28T09:00:00.000Z',
      postmortem_published_at: '2026-11-28T10:00:00.000Z',
      postmortem_notified_subscribers: true,
    });
  });

  it('sends a component change in the shape of a captured component webhook, key for key', () => {
    const database = aComponent({ id: 'db', name: 'Database', status: 'under_maintenance', updated_at: '2026-11-27T07:59:09.000Z' });
    const ctx = aContext({ components: [database], pageStatus: { indicator: 'maintenance', description: 'Service Under Maintenance' } });
    const change = { type: 'component_status' as const, id: 'component_status:db:2', component: database, old_status: 'operational' as const, new_status: 'under_maintenance' as const, at: database.updated_at };

    const body = sent(statuspageWebhook(change, ctx));

    expect(shapeProblems(body, componentCapture as unknown as Json)).toEqual([]);
    expect(body.component_update).toEqual({
      created_at: '2026-11-27T07:59:09.000Z',
      new_status: 'under_maintenance',
      old_status: 'operational',
      id: 'component_status:db:2',
      component_id: 'db',
      component_type: 'Component',
    });
    expect(body.component).toEqual(sent(spComponent(siteDataFor(ctx), database)));
  });

  it('sends a maintenance window as Statuspage does: the incident shape with scheduled_for and scheduled_until set', () => {
    const database = aComponent({ id: 'db', name: 'Database' });
    const maintenance = aMaintenance({ component_ids: ['db'], status: 'in_progress', started_at: '2025-11-30T02:00:00.000Z' });
    const ctx = aContext({ components: [database] });
    const change = { type: 'maintenance_update' as const, id: 'maintenance_update:MNT-1:1', maintenance, seq: 1, at: '2025-11-30T02:00:00.000Z' };

    const body = sent(statuspageWebhook(change, ctx));

    // The capture is a resolved incident: an open window has no resolved_at and no affected
    // components (null), and has scheduled times; everything else is the same shape.
    const nullable = new Set(['scheduled_for', 'scheduled_until', 'affected_components', 'resolved_at']);
    const capture = incidentCapture as unknown as { incident: { incident_updates: Array<Record<string, Json>> } };
    const withoutAffected = {
      ...incidentCapture,
      incident: { ...incidentCapture.incident, incident_updates: capture.incident.incident_updates.map((u) => ({ ...u, affected_components: null })) },
    };
    expect(shapeProblems(body, withoutAffected as unknown as Json, nullable)).toEqual([]);
    expect(body.incident).toMatchObject({
      ...sent(spScheduledMaintenance(siteDataFor(ctx), maintenance)),
      scheduled_auto_in_progress: true,
    });
  });

  it('sends nothing for an internal event', () => {
    const { incident } = resolvedCheckoutIncident();
    expect(statuspageWebhook(anInternalEvent(incident, { kind: 'note', summary: 'Note: x' }), aContext())).toBeNull();
  });
});
