// The mail every matching subscriber gets for a notifying incident or maintenance update: the title
// and status in the subject, the update's Markdown (through the shared sanitizer) as HTML and as
// text, a link to the incident, and links to manage and unsubscribe. Rendered once per
// notification; only the recipient's own links differ from one mail to the next.
import type { PageConfig } from '#config/config';
import { markdownToText, renderMarkdown } from '../../content/markdown';
import type { NotificationContent } from '#app/notifications/notification';
import { clockLabel } from '../../content/clock-label';
import { mailButton, mailLayout } from './layout';
import { escapeHtml, formatTime, label, oneLine, statusColours } from './text';

export interface RecipientLinks {
  unsubscribe: string;
  manage: string;
}

export interface RenderedMail {
  subject: string;
  text(links: RecipientLinks): string;
  html(links: RecipientLinks): string;
}

/** `[Investigating] Checkout is failing`, `[Maintenance in progress] Database upgrade`. */
export function notificationSubject(content: NotificationContent): string {
  const status = label(content.status);
  const tag = content.kind === 'maintenance' ? `Maintenance ${status.toLowerCase()}` : status;
  return `[${tag}] ${oneLine(content.title)}`;
}

/** Where the mail's main link goes: the incident's page (maintenance has none of its own: the page). */
export function notificationLink(content: NotificationContent, page: PageConfig): string {
  return content.kind === 'incident' ? `${page.url}/incidents/${encodeURIComponent(content.subject_id)}/` : `${page.url}/`;
}

export function renderNotificationMail(content: NotificationContent, page: PageConfig): RenderedMail {
  const subject = notificationSubject(content);
  const link = notificationLink(content, page);
  const status = label(content.status);
  const messageHtml = renderMarkdown(content.message);
  const messageText = markdownToText(content.message).trim();
  const posted = formatTime(content.posted_at, page);
  const window = content.window ? `${formatTime(content.window.from, page)} to ${formatTime(content.window.until, page)}` : null;
  const affected = content.affected.map((c) => (c.status ? `${c.name} (${label(c.status).toLowerCase()})` : c.name));
  const linkText = content.kind === 'incident' ? 'View the incident' : 'View the status page';
  const [badgeText, badgeBackground] = statusColours(content.status);
  // An open incident's promise: "Next update by 14:30 UTC".
  const nextUpdate =
    content.kind === 'incident' && content.status !== 'resolved' && content.next_update_at
      ? `Next update by ${clockLabel(content.next_update_at, content.posted_at, page.time_zone)}.`
      : null;

  const facts: Array<[string, string]> = [
    ['Status', status],
    ...(window ? ([['Window', window]] as Array<[string, string]>) : []),
    ...(affected.length > 0 ? ([['Affected', affected.join(', ')]] as Array<[string, string]>) : []),
    ['Posted', posted],
  ];

  const textHead = [
    oneLine(content.title),
    '',
    ...facts.map(([name, value]) => `${name}: ${value}`),
    '',
    messageText,
    '',
    ...(nextUpdate ? [nextUpdate, ''] : []),
    `${linkText}: ${link}`,
  ].join('\n');

  const htmlHead = `<div style="margin:0 0 8px;"><span style="display:inline-block;padding:2px 10px;border-radius:999px;font-size:13px;font-weight:600;color:${badgeText};background:${badgeBackground};">${escapeHtml(status)}</span></div>
<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3;">${escapeHtml(oneLine(content.title))}</h1>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;font-size:14px;color:#59636e;">
${facts
  .filter(([name]) => name !== 'Status')
  .map(([name, value]) => `<tr><td style="padding:2px 12px 2px 0;vertical-align:top;">${escapeHtml(name)}</td><td style="padding:2px 0;color:#1f2328;">${escapeHtml(value)}</td></tr>`)
  .join('\n')}
</table>
<div class="content" style="font-size:16px;line-height:1.55;overflow-wrap:anywhere;">${messageHtml}</div>
${nextUpdate ? `<p class="next-update" style="margin:16px 0 0;font-size:15px;font-weight:600;">${escapeHtml(nextUpdate)}</p>\n` : ''}${mailButton(page, link, linkText)}`;

  const preheader = `${status}: ${messageText.split('\n').find((line) => line.trim()) ?? ''}`.slice(0, 140);

  return {
    subject,
    text: (links) =>
      `${textHead}

--
${page.name}: ${page.url}/
You get these emails because you subscribed to ${page.name} updates.
Manage your subscription: ${links.manage}
Unsubscribe: ${links.unsubscribe}
`,
    html: (links) =>
      mailLayout(page, {
        title: subject,
        preheader,
        body: htmlHead,
        footer: `You get these emails because you subscribed to ${escapeHtml(page.name)} updates.<br>
<a href="${escapeHtml(links.manage)}" style="color:#59636e;">Manage your subscription</a> &middot; <a href="${escapeHtml(links.unsubscribe)}" style="color:#59636e;">Unsubscribe</a>`,
      }),
  };
}
