import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { channelRequest, USER_AGENT } from '#channels/payloads/index';
import { SECRET_A, SECRET_B, TIMESTAMP, aContext, anEndpoint, anIncidentChange, anInternalEvent } from '../../fixtures/channels/builders.ts';
import { aComponent, anIncident } from '../../fixtures/site/builders.ts';

// The library checks the timestamp against its clock (5 minutes' tolerance): it is set to the
// delivery's own instant, never the real date.
beforeEach(() => {
  vi.useFakeTimers({ now: TIMESTAMP * 1000, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const incident = anIncident({ id: 'INC-20261127-0800', title: 'Checkout errors', severity: 'SEV1', roles: { commander: 'alice' } });
const ctx = aContext({ components: [aComponent({ id: 'checkout', name: 'Checkout' })] });

describe('channelRequest', () => {
  it('sends a webhook the Statuspage incident body, JSON, with its user agent and Standard Webhooks headers', () => {
    const request = channelRequest(anEndpoint(), anIncidentChange(incident), ctx)!;

    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': ctx.deliveryId,
      'webhook-timestamp': String(TIMESTAMP),
    });
    expect(new Webhook(SECRET_A).verify(request.body, request.headers)).toMatchObject({ incident: { id: incident.id, name: 'Checkout errors' } });
  });

  it('signs with every current secret during a rotation, not with an expired one', () => {
    const rotating = anEndpoint({
      secrets: [
        { secret: SECRET_B, created_at: '2026-11-27T07:00:00.000Z', expires_at: null },
        { secret: SECRET_A, created_at: '2026-11-01T00:00:00.000Z', expires_at: '2026-11-28T07:00:00.000Z' },
      ],
    });
    const rotated = anEndpoint({
      secrets: [
        { secret: SECRET_B, created_at: '2026-11-27T07:00:00.000Z', expires_at: null },
        { secret: SECRET_A, created_at: '2026-11-01T00:00:00.000Z', expires_at: '2026-11-27T07:30:00.000Z' },
      ],
    });

    const during = channelRequest(rotating, anIncidentChange(incident), ctx)!;
    const after = channelRequest(rotated, anIncidentChange(incident), ctx)!;

    expect(during.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(SECRET_A).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(SECRET_B).verify(during.body, during.headers)).not.toThrow();
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(() => new Webhook(SECRET_A).verify(after.body, after.headers)).toThrow();
  });

  it('sends Slack and Teams their messages, unsigned (they have no secret)', () => {
    const slack = channelRequest(anEndpoint({ kind: 'slack', secrets: [] }), anIncidentChange(incident), ctx)!;
    const teams = channelRequest(anEndpoint({ kind: 'teams', secrets: [] }), anIncidentChange(incident), ctx)!;

    expect(JSON.parse(slack.body)).toMatchObject({ text: 'Checkout errors — Investigating' });
    expect(JSON.parse(teams.body)).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
    for (const request of [slack, teams]) {
      expect(request.headers).toEqual({ 'content-type': 'application/json', 'user-agent': USER_AGENT });
    }
  });

  it('never gives an internal event to a public endpoint', () => {
    const note = anInternalEvent(incident, { kind: 'note', summary: 'Note: secret plan', details: { message: 'secret plan' } });

    for (const kind of ['webhook', 'slack', 'teams'] as const) {
      expect(channelRequest(anEndpoint({ kind, internal: false }), note, ctx)).toBeNull();
    }
  });

  it('gives an internal endpoint the internal update for internal events and posted updates, signed for a webhook', () => {
    const note = anInternalEvent(incident, { kind: 'note', summary: 'Note: rolling back', details: { message: 'rolling back' } });

    const webhook = channelRequest(anEndpoint({ internal: true }), note, ctx)!;
    const slack = channelRequest(anEndpoint({ kind: 'slack', internal: true, secrets: [] }), anIncidentChange(incident), ctx)!;

    expect(new Webhook(SECRET_A).verify(webhook.body, webhook.headers)).toMatchObject({
      type: 'herald.internal',
      incident_id: incident.id,
      event: 'note',
      headline: 'SEV1 · Checkout errors · Investigating',
      current_action: 'rolling back',
      lead: 'alice',
    });
    expect(JSON.parse(slack.body)).toMatchObject({ text: 'SEV1 · Checkout errors · Investigating — Declared SEV1 (Investigating)' });
  });

  it("skips the timeline events an internal endpoint hears of with their update (declared, update posted, components)", () => {
    for (const kind of ['declared', 'update_posted', 'components_changed'] as const) {
      expect(channelRequest(anEndpoint({ internal: true }), anInternalEvent(incident, { kind, summary: kind }), ctx)).toBeNull();
    }
  });

  it('gives an internal endpoint component changes in the public shape', () => {
    const component = aComponent({ id: 'checkout', name: 'Checkout', status: 'major_outage' });
    const change = { type: 'component_status' as const, id: 'component_status:checkout:2', component, old_status: 'operational' as const, new_status: 'major_outage' as const, at: '2026-11-27T08:00:00.000Z' };

    const request = channelRequest(anEndpoint({ internal: true }), change, ctx)!;

    expect(JSON.parse(request.body)).toMatchObject({ component_update: { component_id: 'checkout', new_status: 'major_outage' } });
  });
});
