// Slack incoming-webhook messages (https://api.slack.com/messaging/webhooks): top-level `text`,
// the notification's fallback, and Block Kit blocks — a header with the title, the facts (status,
// impact, affected components), the message in mrkdwn, and a link to read more.
import { markdownToChat, truncateMarkup, type ChatDialect } from './chat-markdown.ts';
import type { ChatFact, ChatSummary } from './summary.ts';

/** Slack's three control characters as entities: what keeps `<!channel>`, `<@U…>` and
 * `<https://…|…>` typed by a responder from becoming a mention or a link. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside `<url|label>`: `|`, spaces and angle brackets percent-encoded, then escaped. */
function slackUrl(href: string): string {
  return slackEscape(href.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)));
}

/** Code spans cannot contain a backtick in mrkdwn; a look-alike keeps the text readable. */
const noBackticks = (text: string) => text.replace(/`/g, 'ˋ');

export const SLACK_MRKDWN: ChatDialect = {
  escape: slackEscape,
  strong: (s) => `*${s}*`,
  em: (s) => `_${s}_`,
  del: (s) => `~${s}~`,
  code: (text) => `\`${slackEscape(noBackticks(text))}\``,
  pre: (text) => `\`\`\`\n${slackEscape(noBackticks(text))}\n\`\`\``,
  link: (href, inner) => (inner.trim() === '' ? `<${slackUrl(href)}>` : `<${slackUrl(href)}|${inner}>`),
  heading: (s) => `*${s}*`,
  quote: (block) => block.split('\n').map((line) => (line === '' ? '>' : `> ${line}`)).join('\n'),
  hr: '───',
  bullet: '• ',
};

/** Responder Markdown → Slack mrkdwn, through the one sanitizer. */
export function toSlackMrkdwn(markdown: string): string {
  return markdownToChat(markdown, SLACK_MRKDWN);
}

/** Block Kit limits: a section's text, a field, a header. */
export const SLACK_SECTION_MAX = 3000;
const SLACK_FIELD_MAX = 2000;
const SLACK_HEADER_MAX = 150;
export const SLACK_CONTINUED = '… _continued on the status page_';

/** Where cutting `head` would break an entity or a `<…>` link (index to cut at), or -1. */
function slackUnsafeFrom(head: string): number {
  const cuts: number[] = [];
  if (head.lastIndexOf('<') > head.lastIndexOf('>')) cuts.push(head.lastIndexOf('<'));
  if (head.lastIndexOf('&') > head.lastIndexOf(';')) cuts.push(head.lastIndexOf('&'));
  return cuts.length === 0 ? -1 : Math.min(...cuts);
}

/** mrkdwn cut to fit a section. */
export function fitSection(mrkdwn: string, max = SLACK_SECTION_MAX): string {
  return truncateMarkup(mrkdwn, max, SLACK_CONTINUED, slackUnsafeFrom);
}

function plain(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
  unfurl_links: false;
  unfurl_media: false;
}

export function slackFacts(facts: ReadonlyArray<ChatFact>): Record<string, unknown> {
  return {
    type: 'section',
    fields: facts.slice(0, 10).map((f) => ({
      type: 'mrkdwn',
      text: fitSection(`*${slackEscape(f.title)}*\n${slackEscape(f.value)}`, SLACK_FIELD_MAX),
    })),
  };
}

export function slackLink(url: string, label: string): Record<string, unknown> {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `<${slackUrl(url)}|${slackEscape(label)}>` }] };
}

export function slackHeader(title: string): Record<string, unknown> {
  return { type: 'header', text: { type: 'plain_text', text: plain(title, SLACK_HEADER_MAX), emoji: false } };
}

/** A public change as a Slack message. */
export function slackMessage(summary: ChatSummary): SlackMessage {
  const status = summary.facts.find((f) => f.title === 'Status')?.value;
  const message = summary.message.trim() === '' ? '' : fitSection(toSlackMrkdwn(summary.message));
  return {
    text: slackEscape(status ? `${summary.title} — ${status}` : summary.title),
    blocks: [
      slackHeader(summary.title),
      slackFacts(summary.facts),
      ...(message === '' ? [] : [{ type: 'section', text: { type: 'mrkdwn', text: message } }]),
      slackLink(summary.url, summary.linkLabel),
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}
