// Mails to a webhook, Slack or Teams endpoint's contact: the double opt-in link for an endpoint a
// reader asked for on the page, and the one notice when deliveries to it stopped (quarantine) with
// a link that starts them again.
import type { PageConfig } from '#config/config';
import { ENDPOINT_KIND_NAMES, type ChannelEndpoint } from '#app/channels/endpoint';
import { mailButton, mailLayout } from './layout';
import { escapeHtml } from './text';

export interface EndpointMail {
  subject: string;
  text: string;
  html: string;
}

const small = 'margin:16px 0 0;font-size:14px;color:#59636e;';
const fallback = (url: string) => `If the button does not work, open this address:<br><a href="${escapeHtml(url)}" style="color:#59636e;word-break:break-all;">${escapeHtml(url)}</a>`;

export function renderEndpointConfirmationMail(page: PageConfig, endpoint: Pick<ChannelEndpoint, 'kind' | 'url'>, confirmUrl: string, validHours: number): EndpointMail {
  const kind = ENDPOINT_KIND_NAMES[endpoint.kind];
  const subject = `Confirm your ${kind} for ${page.name}`;
  const text = `Someone, probably you, asked for ${page.name}'s incident and maintenance updates to be sent to this ${kind}, with this address as its contact:

${endpoint.url}

Confirm: ${confirmUrl}

The link works for ${validHours} hours. If you did not ask, ignore this email: nothing is sent to the URL and it is forgotten.

--
${page.name}: ${page.url}/
`;
  const html = mailLayout(page, {
    title: subject,
    preheader: `Confirm to send ${page.name} updates to your ${kind}.`,
    body: `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3;">Confirm your ${kind}</h1>
<p style="margin:0 0 12px;">Someone, probably you, asked for ${escapeHtml(page.name)}'s incident and maintenance updates to be sent to this ${kind}, with this address as its contact:</p>
<p style="margin:0 0 12px;word-break:break-all;"><code>${escapeHtml(endpoint.url)}</code></p>
${mailButton(page, confirmUrl, 'Confirm')}
<p style="${small}">The link works for ${validHours} hours. ${fallback(confirmUrl)}</p>`,
    footer: `If you did not ask, ignore this email: nothing is sent to the URL and it is forgotten.`,
  });
  return { subject, text, html };
}

export function renderQuarantineMail(
  page: PageConfig,
  endpoint: Pick<ChannelEndpoint, 'kind' | 'url' | 'state_reason' | 'consecutive_failures'>,
  reactivateUrl: string,
  validDays: number,
): EndpointMail {
  const kind = ENDPOINT_KIND_NAMES[endpoint.kind];
  const subject = `${page.name} stopped sending to your ${kind}`;
  const why = endpoint.state_reason ?? `${endpoint.consecutive_failures} failed attempts in a row`;
  const text = `${page.name} could not deliver updates to your ${kind} and has stopped trying:

${endpoint.url}

Why: ${why}

Nothing more is sent to it until it is reactivated. Once the receiver works again, start deliveries again; the updates it missed follow, oldest first:

Reactivate: ${reactivateUrl}

The link works for ${validDays} days. This is the only email about it.

--
${page.name}: ${page.url}/
`;
  const html = mailLayout(page, {
    title: subject,
    preheader: `Deliveries to ${endpoint.url} stopped after repeated failures.`,
    body: `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3;">Deliveries to your ${kind} stopped</h1>
<p style="margin:0 0 12px;">${escapeHtml(page.name)} could not deliver updates to your ${kind} and has stopped trying:</p>
<p style="margin:0 0 12px;word-break:break-all;"><code>${escapeHtml(endpoint.url)}</code></p>
<p style="margin:0 0 12px;">Why: ${escapeHtml(why)}</p>
<p style="margin:0 0 12px;">Nothing more is sent to it until it is reactivated. Once the receiver works again, start deliveries again; the updates it missed follow, oldest first.</p>
${mailButton(page, reactivateUrl, 'Reactivate')}
<p style="${small}">The link works for ${validDays} days. ${fallback(reactivateUrl)}</p>`,
    footer: `This is the only email about it.`,
  });
  return { subject, text, html };
}
