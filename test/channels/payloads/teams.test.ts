import { describe, expect, it } from 'vitest';
import { chatSummary } from '#channels/payloads/summary';
import { TEAMS_CONTINUED, TEAMS_MAX_BYTES, teamsMessage, toTeamsMarkdown } from '#channels/payloads/teams';
import { aContext, anIncidentChange } from '../../fixtures/channels/builders.ts';
import { aComponent, anIncident, anUpdate } from '../../fixtures/site/builders.ts';

function teamsFor(message: string) {
  const id = 'INC-20261127-0732';
  const incident = anIncident({
    id,
    title: 'Checkout errors',
    severity: 'SEV1',
    status: 'investigating',
    component_ids: ['checkout'],
    updates: [
      anUpdate({
        incident_id: id,
        message,
        component_changes: [{ id: 'checkout', name: 'Checkout', old_status: 'operational', new_status: 'partial_outage' }],
      }),
    ],
  });
  const ctx = aContext({ components: [aComponent({ id: 'checkout', name: 'Checkout' })] });
  return teamsMessage(chatSummary(anIncidentChange(incident), ctx)!);
}

type Card = { version: string; body: Array<Record<string, unknown>>; actions: Array<Record<string, unknown>> };
const cardOf = (message: ReturnType<typeof teamsFor>) => message.attachments[0]!.content as unknown as Card;
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe('teamsMessage', () => {
  it('is a Workflows message with an Adaptive Card 1.4: title, facts, the message and a link to the incident page', () => {
    const message = teamsFor('We are **rolling back**; see [the runbook](https://wiki.example.com/runbook).');

    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = cardOf(message);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Checkout errors', weight: 'Bolder', wrap: true });
    expect(card.body[1]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Status', value: 'Investigating' },
        { title: 'Impact', value: 'Critical' },
        { title: 'Affected components', value: 'Checkout (Partial outage)' },
      ],
    });
    expect(card.body[2]).toEqual({ type: 'TextBlock', text: 'We are **rolling back**; see [the runbook](https://wiki.example.com/runbook).', wrap: true });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'View the incident', url: 'https://status.example.com/incidents/INC-20261127-0732/' }]);
  });

  it('keeps Markdown links in the card markup and drops javascript: links to their text', () => {
    expect(toTeamsMarkdown('See [docs](https://example.com/a_(b)) and [x](javascript:alert(1)).')).toBe(
      'See [docs](https://example.com/a_%28b%29) and x.',
    );
    expect(toTeamsMarkdown('- one\n- two\n\n1. first')).toBe('- one\n- two\n\n1. first');
    expect(toTeamsMarkdown('Typed \\*stars\\* and <b>tags</b>')).toBe('Typed \\*stars\\* and <b>tags</b>');
  });

  it('stays within 28 KB: a long message is cut with an ellipsis, saying it continues on the status page', () => {
    const long = Array.from({ length: 3000 }, (_, i) => `Line ${i}: **still** investigating ✓ [log](https://logs.example.com/${i})`).join('\n\n');

    const message = teamsFor(long);

    expect(bytes(message)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    const text = cardOf(message).body[2]!.text as string;
    expect(text.startsWith('Line 0: **still** investigating ✓ [log](https://logs.example.com/0)')).toBe(true);
    expect(text.endsWith(TEAMS_CONTINUED)).toBe(true);
    // Never cut inside a link.
    expect(text.split('[').length).toBe(text.split('](').length);
    expect(bytes(message)).toBeGreaterThan(TEAMS_MAX_BYTES - 2_000);
  });

  it('leaves a message that fits whole', () => {
    const message = teamsFor('All good now.');

    expect(cardOf(message).body[2]!.text).toBe('All good now.');
  });
});
