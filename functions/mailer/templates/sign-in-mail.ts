// The console's sign-in mail: one link, good once for 15 minutes.
import type { PageConfig } from '#config/config';
import { mailButton, mailLayout } from './layout';
import { escapeHtml } from './text';

export interface SignInMail {
  subject: string;
  text: string;
  html: string;
}

export function renderSignInMail(page: PageConfig, signInUrl: string, validMinutes: number): SignInMail {
  const subject = `Sign in to the ${page.name} console`;
  const text = `Someone, probably you, asked to sign in to the ${page.name} responder console with this address.

Sign in: ${signInUrl}

The link works once, for ${validMinutes} minutes. If you did not ask, ignore this email: nobody can sign in without the link.

--
${page.name}: ${page.url}/
`;
  const html = mailLayout(page, {
    title: subject,
    preheader: `Your sign-in link for the ${page.name} console (${validMinutes} minutes).`,
    body: `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3;">Sign in to the console</h1>
<p style="margin:0 0 12px;">Someone, probably you, asked to sign in to the ${escapeHtml(page.name)} responder console with this address.</p>
${mailButton(page, signInUrl, 'Sign in')}
<p style="margin:16px 0 0;font-size:14px;color:#59636e;">The link works once, for ${validMinutes} minutes. If the button does not work, open this address:<br><a href="${escapeHtml(signInUrl)}" style="color:#59636e;word-break:break-all;">${escapeHtml(signInUrl)}</a></p>`,
    footer: `If you did not ask, ignore this email: nobody can sign in without the link.`,
  });
  return { subject, text, html };
}
