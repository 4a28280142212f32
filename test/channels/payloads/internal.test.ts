import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITY_POLICY } from '#core/severity';
import { internalSlack, internalTeams, internalUpdate } from '#channels/payloads/internal';
import { aContext, anIncidentChange, anInternalEvent } from '../../fixtures/channels/builders.ts';
import { aComponent, anIncident, anUpdate } from '../../fixtures/site/builders.ts';

const ID = 'INC-20261127-1200';

function checkout(overrides: Parameters<typeof anIncident>[0] = {}) {
  return anIncident({
    id: ID,
    title: 'Checkout',
    severity: 'SEV1',
    status: 'investigating',
    startedAt: '2026-11-27T12:00:00.000Z',
    component_ids: ['checkout'],
    roles: { commander: 'alice' },
    next_update_at: '2026-11-27T12:30:00.000Z',
    updates: [
      anUpdate({
        incident_id: ID,
        seq: 1,
        message: 'Investigating **checkout** errors.',
        created_at: '2026-11-27T12:00:00.000Z',
        component_changes: [{ id: 'checkout', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }],
        next_update_at: '2026-11-27T12:30:00.000Z',
      }),
    ],
    ...overrides,
  });
}

const ctx = aContext({ components: [aComponent({ id: 'checkout', name: 'Checkout' })] });

describe('internalUpdate', () => {
  it("is the seeds' internal update: headline, impact, current action, lead, next public update due", () => {
    const incident = checkout();
    const change = anInternalEvent(incident, { kind: 'severity_changed', summary: 'Severity SEV2 → SEV1', at: '2026-11-27T12:05:00.000Z' });

    const built = internalUpdate(change, ctx);

    expect(built?.update).toEqual({
      type: 'herald.internal',
      incident_id: ID,
      event: 'severity_changed',
      headline: 'SEV1 · Checkout · Investigating',
      severity: 'SEV1',
      title: 'Checkout',
      status: 'Investigating',
      impact: 'Critical',
      components: ['Checkout (Major outage)'],
      summary: 'Severity SEV2 → SEV1',
      current_action: 'Investigating checkout errors.',
      lead: 'alice',
      next_update_due: '2026-11-27T12:30:00.000Z',
      next_update_due_label: 'next public update due 12:30 UTC',
      url: `https://status.example.com/incidents/${ID}/`,
      at: '2026-11-27T12:05:00.000Z',
    });
  });

  it('takes the current action from a note, and the lead as unassigned when there is no commander', () => {
    const incident = checkout({ roles: {} });
    const change = anInternalEvent(incident, { kind: 'note', summary: 'Note: Rollback started', details: { message: '**Rollback** started on eu-west-1' } });

    const { update } = internalUpdate(change, ctx)!;

    expect(update.event).toBe('note');
    expect(update.current_action).toBe('Rollback started on eu-west-1');
    expect(update.lead).toBeNull();
  });

  it("falls back to the severity's cadence for the next update when no promise was made", () => {
    const incident = checkout({ next_update_at: undefined, last_update_at: '2026-11-27T12:00:00.000Z' });
    const change = anInternalEvent(incident, { kind: 'role_assigned', summary: 'Incident commander: alice' });

    expect(internalUpdate(change, ctx)!.update.next_update_due_label).toBe('next public update due 12:30 UTC');
    const faster = { ...DEFAULT_SEVERITY_POLICY, SEV1: { ...DEFAULT_SEVERITY_POLICY.SEV1, update_cadence: { kind: 'fixed' as const, minutes: 15 } } };
    expect(internalUpdate(change, { ...ctx, severities: faster })!.update.next_update_due_label).toBe('next public update due 12:15 UTC');
  });

  it('names a posted update declared, posted or resolved; a resolved incident owes no next update', () => {
    const declared = checkout();
    expect(internalUpdate(anIncidentChange(declared), ctx)!.update).toMatchObject({ event: 'declared', summary: 'Declared SEV1 (Investigating)' });

    const resolved = checkout({
      status: 'resolved',
      next_update_at: null,
      updates: [
        ...declared.updates,
        anUpdate({ incident_id: ID, seq: 2, status: 'resolved', message: 'Fixed.', created_at: '2026-11-27T12:40:00.000Z', next_update_at: null }),
      ],
    });
    expect(internalUpdate(anIncidentChange(resolved, 2), ctx)!.update).toMatchObject({
      event: 'resolved',
      headline: 'SEV1 · Checkout · Resolved',
      current_action: 'Fixed.',
      next_update_due: null,
      next_update_due_label: null,
    });
  });

  it('gives the date with the time when the next update is due on another day', () => {
    const incident = checkout({ next_update_at: '2026-11-28T09:00:00.000Z' });
    const change = anInternalEvent(incident, { kind: 'note', summary: 'Note', at: '2026-11-27T23:50:00.000Z', details: { message: 'x' } });

    expect(internalUpdate(change, ctx)!.update.next_update_due_label).toBe('next public update due 2026-11-28 09:00 UTC');
  });

  it('is built for incident changes only', () => {
    const component = aComponent({ id: 'checkout', name: 'Checkout', status: 'major_outage' });
    const change = { type: 'component_status' as const, id: 'c', component, old_status: 'operational' as const, new_status: 'major_outage' as const, at: '2026-11-27T12:00:00.000Z' };
    expect(internalUpdate(change, ctx)).toBeNull();
  });
});

describe('internal update in Slack and Teams', () => {
  const incident = checkout();
  const { update, action } = internalUpdate(anInternalEvent(incident, { kind: 'severity_changed', summary: 'Severity SEV2 → SEV1' }), ctx)!;

  it('shows the headline, what happened, impact, lead, next update and the current action in Slack', () => {
    const message = internalSlack(update, action);

    expect(message.text).toBe('SEV1 · Checkout · Investigating — Severity SEV2 → SEV1');
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'SEV1 · Checkout · Investigating' } });
    expect(message.blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*What happened*\nSeverity SEV2 → SEV1' },
        { type: 'mrkdwn', text: '*Impact*\nCritical' },
        { type: 'mrkdwn', text: '*Lead*\nalice' },
        { type: 'mrkdwn', text: '*Next public update*\ndue 12:30 UTC' },
        { type: 'mrkdwn', text: '*Components*\nCheckout (Major outage)' },
      ],
    });
    expect(message.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Current action*\nInvestigating *checkout* errors.' } });
  });

  it('shows the same in a Teams card', () => {
    const card = internalTeams(update, action).attachments[0]!.content as { body: Array<Record<string, unknown>> };

    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'SEV1 · Checkout · Investigating' });
    expect(card.body[1]).toMatchObject({ type: 'FactSet' });
    expect((card.body[1] as { facts: unknown[] }).facts).toContainEqual({ title: 'Lead', value: 'alice' });
    expect(card.body[2]).toMatchObject({ type: 'TextBlock', text: '**Current action**\n\nInvestigating **checkout** errors.' });
  });
});
