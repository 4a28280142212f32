// The double opt-in mail: one link that confirms the subscription, valid for a day. It is the only
// mail an unconfirmed address ever gets.
import type { PageConfig } from '#config/config';
import { mailButton, mailLayout } from './layout';
import { escapeHtml } from './text';

export interface ConfirmationMail {
  subject: string;
  text: string;
  html: string;
}

export function renderConfirmationMail(page: PageConfig, confirmUrl: string, validHours: number): ConfirmationMail {
  const subject = `Confirm your subscription to ${page.name}`;
  const text = `Someone, probably you, asked for email updates about incidents and maintenance from ${page.name} at this address.

Confirm the subscription: ${confirmUrl}

The link works for ${validHours} hours. If you did not ask, ignore this email: nothing more will be sent to you.

--
${page.name}: ${page.url}/
`;
  const html = mailLayout(page, {
    title: subject,
    preheader: `Confirm to get ${page.name} incident and maintenance updates.`,
    body: `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3;">Confirm your subscription</h1>
<p style="margin:0 0 12px;">Someone, probably you, asked for email updates about incidents and maintenance from ${escapeHtml(page.name)} at this address.</p>
${mailButton(page, confirmUrl, 'Confirm subscription')}
<p style="margin:16px 0 0;font-size:14px;color:#59636e;">The link works for ${validHours} hours. If the button does not work, open this address:<br><a href="${escapeHtml(confirmUrl)}" style="color:#59636e;word-break:break-all;">${escapeHtml(confirmUrl)}</a></p>`,
    footer: `If you did not ask for this, ignore this email: nothing more will be sent to you.`,
  });
  return { subject, text, html };
}
