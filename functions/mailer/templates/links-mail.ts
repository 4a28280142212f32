// The mail a confirmed subscriber gets after subscribing again: fresh links to manage the
// subscription or leave it. The older links stop working when it is sent.
import type { PageConfig } from '#config/config';
import { mailButton, mailLayout } from './layout';
import { escapeHtml } from './text';

export interface LinksMail {
  subject: string;
  text: string;
  html: string;
}

export function renderLinksMail(page: PageConfig, links: { manage: string; unsubscribe: string }): LinksMail {
  const subject = `Your subscription to ${page.name}`;
  const text = `Someone, probably you, asked to subscribe this address to ${page.name}. It is already subscribed, so here are fresh links for it.

Choose components: ${links.manage}
Unsubscribe: ${links.unsubscribe}

The links in earlier emails no longer work. If you did not ask, you need do nothing: you stay subscribed.

--
${page.name}: ${page.url}/
`;
  const html = mailLayout(page, {
    title: subject,
    preheader: `Fresh links for your ${page.name} subscription.`,
    body: `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3;">You are already subscribed</h1>
<p style="margin:0 0 12px;">Someone, probably you, asked to subscribe this address to ${escapeHtml(page.name)}. It is already subscribed, so here are fresh links for it.</p>
${mailButton(page, links.manage, 'Choose components')}
<p style="margin:16px 0 0;"><a href="${escapeHtml(links.unsubscribe)}">Unsubscribe</a></p>
<p style="margin:16px 0 0;font-size:14px;color:#59636e;">The links in earlier emails no longer work.</p>`,
    footer: `If you did not ask, you need do nothing: you stay subscribed.`,
  });
  return { subject, text, html };
}
