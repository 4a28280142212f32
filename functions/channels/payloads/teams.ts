// Microsoft Teams messages for a Workflows webhook ("When a Teams webhook request is received"):
// `{type: "message", attachments: [an Adaptive Card 1.4]}` — the title, a FactSet (status, impact,
// components), the message in the Adaptive Card Markdown subset, and an Action.OpenUrl. Teams
// refuses a message over 28 KB, so the message is cut to fit, saying it continues on the page.
import { markdownToChat, truncateMarkup, type ChatDialect } from './chat-markdown.ts';
import type { ChatFact, ChatSummary } from './summary.ts';

/** Teams' limit on a message (bytes of JSON); kept under 28 KB whichever way a KB is counted. */
export const TEAMS_MAX_BYTES = 28_000;
export const TEAMS_CONTINUED = '… _continued on the status page_';

/** Markdown's emphasis and link characters backslash-escaped, so typed text stays text. */
export function teamsEscape(text: string): string {
  return text.replace(/[\\*_[\]`]/g, (c) => `\\${c}`);
}

/** A link target: characters that would end `(…)` or break it percent-encoded. */
function teamsUrl(href: string): string {
  return href.replace(/[()<>\s]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
}

// The subset Adaptive Cards render: **bold**, _italic_, [links](url), `- ` and `1. ` lists.
// Strike-through, code and headings have no markup there: their text stays (headings in bold).
export const TEAMS_MARKDOWN: ChatDialect = {
  escape: teamsEscape,
  strong: (s) => `**${s}**`,
  em: (s) => `_${s}_`,
  del: (s) => s,
  code: (text) => teamsEscape(text),
  pre: (text) => teamsEscape(text),
  link: (href, inner) => `[${inner.trim() === '' ? teamsEscape(href) : inner}](${teamsUrl(href)})`,
  heading: (s) => `**${s}**`,
  quote: (block) => block,
  hr: '—',
  bullet: '- ',
};

/** Responder Markdown → Adaptive Card Markdown, through the one sanitizer. */
export function toTeamsMarkdown(markdown: string): string {
  return markdownToChat(markdown, TEAMS_MARKDOWN);
}

/** Where cutting would break a link or an escape (index to cut at), or -1. */
function teamsUnsafeFrom(head: string): number {
  const cuts: number[] = [];
  if (head.lastIndexOf('[') > head.lastIndexOf(')')) cuts.push(head.lastIndexOf('['));
  const trailing = /\\+$/.exec(head);
  if (trailing && trailing[0].length % 2 === 1) cuts.push(head.length - 1);
  return cuts.length === 0 ? -1 : Math.min(...cuts);
}

export interface TeamsCardParts {
  title: string;
  facts: ReadonlyArray<ChatFact>;
  /** Already in Adaptive Card Markdown ('' for none). */
  text: string;
  url: string;
  linkLabel: string;
}

export interface TeamsMessage {
  type: 'message';
  attachments: Array<{ contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: Record<string, unknown> }>;
}

function card(parts: TeamsCardParts): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: teamsEscape(parts.title), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'FactSet', facts: parts.facts.map((f) => ({ title: teamsEscape(f.title), value: teamsEscape(f.value) })) },
            ...(parts.text === '' ? [] : [{ type: 'TextBlock', text: parts.text, wrap: true }]),
          ],
          actions: [{ type: 'Action.OpenUrl', title: parts.linkLabel, url: parts.url }],
        },
      },
    ],
  };
}

const bytes = (message: TeamsMessage) => new TextEncoder().encode(JSON.stringify(message)).length;

/** The card, its text cut (with TEAMS_CONTINUED) as little as needed for the JSON to be at most
 * `maxBytes`. */
export function teamsCard(parts: TeamsCardParts, maxBytes = TEAMS_MAX_BYTES): TeamsMessage {
  const whole = card(parts);
  if (bytes(whole) <= maxBytes) return whole;
  const cut = (keep: number) => card({ ...parts, text: keep === 0 ? '' : truncateMarkup(parts.text, keep, TEAMS_CONTINUED, teamsUnsafeFrom) });
  // The longest cut that fits: a binary search over the text's length (about 20 renders).
  let lo = 0;
  let hi = parts.text.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytes(cut(mid)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

/** A public change as a Teams message. */
export function teamsMessage(summary: ChatSummary, maxBytes = TEAMS_MAX_BYTES): TeamsMessage {
  return teamsCard(
    { title: summary.title, facts: summary.facts, text: toTeamsMarkdown(summary.message), url: summary.url, linkLabel: summary.linkLabel },
    maxBytes,
  );
}
