import { describe, expect, it } from 'vitest';
import { chatSummary } from '#channels/payloads/summary';
import { SLACK_CONTINUED, SLACK_SECTION_MAX, slackMessage, toSlackMrkdwn } from '#channels/payloads/slack';
import { aContext, anIncidentChange } from '../../fixtures/channels/builders.ts';
import { aComponent, anIncident, anUpdate } from '../../fixtures/site/builders.ts';

/** Every `<…>` in mrkdwn: Slack's links, mentions and commands all take this form. */
const angleTokens = (mrkdwn: string) => [...mrkdwn.matchAll(/<([^>]*)>/g)].map((m) => m[1]!);
const SAFE_LINK = /^(https?:|mailto:)[^\s|<>]*(\|[^<>]*)?$/;

function incidentWith(message: string, title = 'Checkout errors') {
  const id = 'INC-20261127-0732';
  return anIncident({
    id,
    title,
    severity: 'SEV2',
    status: 'identified',
    component_ids: ['checkout'],
    updates: [
      anUpdate({
        incident_id: id,
        seq: 1,
        status: 'identified',
        message,
        component_changes: [{ id: 'checkout', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }],
      }),
    ],
  });
}

function slackFor(message: string, title?: string) {
  const ctx = aContext({ components: [aComponent({ id: 'checkout', name: 'Checkout' })] });
  return slackMessage(chatSummary(anIncidentChange(incidentWith(message, title)), ctx)!);
}

describe('toSlackMrkdwn', () => {
  it('converts bold, italic, strike, code and links to mrkdwn, escaping &, < and >', () => {
    const out = toSlackMrkdwn('**Bold** and _italic_ and ~~gone~~ and `a<b` and [docs](https://example.com/a?b=1&c=2).');

    expect(out).toBe('*Bold* and _italic_ and ~gone~ and `a&lt;b` and <https://example.com/a?b=1&amp;c=2|docs>.');
  });

  it('converts lists (ordered ones keep their start), code blocks, headings and quotes', () => {
    expect(toSlackMrkdwn('Steps:\n\n- one\n- two\n\n3. three\n4. four')).toBe('Steps:\n\n• one\n• two\n\n3. three\n4. four');
    expect(toSlackMrkdwn('```\nif (x < y && z)\n```')).toBe('```\nif (x &lt; y &amp;&amp; z)\n```');
    expect(toSlackMrkdwn('# Cause\n\n> quoted')).toBe('*Cause*\n\n> quoted');
  });

  it('keeps hostile Markdown as text: scripts, javascript: links and Slack mentions never become markup', () => {
    const hostile = [
      '<script>alert(1)</script>',
      'Ping <!channel> and <!here> and <@U024BE7LH> and <#C024BE7LR>',
      '[click](javascript:alert(1)) [also](JaVaScRiPt:alert(2))',
      '<a href="javascript:alert(3)">html link</a> & done',
      '<https://evil.example|https://bank.example>',
    ].join('\n\n');

    const out = toSlackMrkdwn(hostile);

    expect(out).not.toMatch(/<!channel>|<!here>|<@U024BE7LH>|<#C024BE7LR>|<script/i);
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('&lt;@U024BE7LH&gt;');
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('&amp; done');
    // javascript: links are shown as their text; the only <…> left are http(s) links.
    expect(out).toContain('click');
    for (const token of angleTokens(out)) expect(token).toMatch(SAFE_LINK);
    expect(angleTokens(out).some((t) => /javascript/i.test(t.split('|')[0]!))).toBe(false);
  });
});

describe('slackMessage', () => {
  it('carries the fallback text, the title, status, impact, components, the message and a link to the incident page', () => {
    const message = slackFor('We are **rolling back** the deploy.');

    expect(message.text).toBe('Checkout errors — Identified');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Checkout errors', emoji: false } });
    expect(message.blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Status*\nIdentified' },
        { type: 'mrkdwn', text: '*Impact*\nMajor' },
        { type: 'mrkdwn', text: '*Affected components*\nCheckout (Major outage)' },
      ],
    });
    expect(message.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'We are *rolling back* the deploy.' } });
    expect(message.blocks[3]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '<https://status.example.com/incidents/INC-20261127-0732/|View the incident>' }],
    });
  });

  it('escapes a hostile title in the fallback text (which Slack parses) and keeps it plain in the header', () => {
    const message = slackFor('x', '<!channel> Checkout & co');

    expect(message.text).toBe('&lt;!channel&gt; Checkout &amp; co — Identified');
    expect(message.blocks[0]).toMatchObject({ text: { type: 'plain_text', text: '<!channel> Checkout & co' } });
  });

  it('cuts a long message to fit a section, never inside a link or an escape, saying it continues on the page', () => {
    const long = Array.from({ length: 400 }, (_, i) => `[link ${i}](https://example.com/${i}) & more`).join(' ');

    const section = (slackFor(long).blocks[2] as { text: { text: string } }).text.text;

    expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_MAX);
    expect(section.endsWith(SLACK_CONTINUED)).toBe(true);
    expect(section.split('<').length).toBe(section.split('>').length);
    for (const token of angleTokens(section)) expect(token).toMatch(SAFE_LINK);
    expect(section.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  });
});
