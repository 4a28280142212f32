// The pages a webhook, Slack or Teams endpoint's contact sees: after the page's form, at the
// confirm link (a button; confirming shows a webhook's signing secret that once) and at the
// quarantine mail's reactivate link (a button). Same layout and escaping as the subscription pages.
import type { PageConfig } from '#config/config';
import { ENDPOINT_KIND_NAMES, type ChannelEndpoint } from '#app/channels/endpoint';
import type { EndpointLinkPurpose } from '#app/channels/endpoint-links';
import { ENDPOINT_CONFIRM_HOURS, REACTIVATE_LINK_DAYS } from '#app/channels/endpoint-links';
import { backLink, escapeHtml, layout } from './subscription-pages';

const what = (endpoint: ChannelEndpoint) => `${ENDPOINT_KIND_NAMES[endpoint.kind]} <strong style="word-break:break-all;">${escapeHtml(endpoint.url)}</strong>`;

export function endpointAcceptedPage(page: PageConfig): string {
  return layout(page, {
    title: 'Check your inbox',
    body: `<h1>Check your inbox</h1>
<p>If the contact address can receive mail, a confirmation link is on its way to it. Follow it within ${ENDPOINT_CONFIRM_HOURS} hours to start getting updates at your URL.</p>
<p class="muted">Nothing is sent to the URL until the link is followed.</p>
${backLink(page)}`,
  });
}

/** GET on a link: a button that POSTs the token; following the link alone changes nothing. */
export function endpointPromptPage(page: PageConfig, purpose: EndpointLinkPurpose, endpoint: ChannelEndpoint, action: string, token: string): string {
  const confirm = purpose === 'endpoint';
  const title = confirm ? 'Confirm your webhook' : 'Reactivate your webhook';
  const text = confirm
    ? `<p>Send every incident and maintenance update of ${escapeHtml(page.name)} to the ${what(endpoint)}.</p>`
    : `<p>Deliveries to the ${what(endpoint)} stopped after repeated failures${endpoint.state_reason ? ` (${escapeHtml(endpoint.state_reason)})` : ''}. Fix the receiver, then start them again: the updates it missed follow, oldest first.</p>`;
  return layout(page, {
    title,
    body: `<h1>${title}</h1>
${text}
<form method="post" action="${escapeHtml(action)}">
  <input type="hidden" name="token" value="${escapeHtml(token)}">
  <button type="submit">${confirm ? 'Confirm' : 'Reactivate'}</button>
</form>
${confirm ? '<p class="muted">Did not ask for this? Do nothing: without confirming, nothing is sent to the URL and it is forgotten.</p>' : ''}`,
  });
}

/** Confirmed or reactivated; a webhook just confirmed shows its signing secret, this once. */
export function endpointDonePage(page: PageConfig, purpose: EndpointLinkPurpose, endpoint: ChannelEndpoint, secret: string | null, now: boolean): string {
  const confirm = purpose === 'endpoint';
  const heading = confirm ? (now ? 'Your webhook is confirmed' : 'Already confirmed') : now ? 'Deliveries start again' : 'Already active';
  const secretPart = secret
    ? `<p>Every request is signed with <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> headers. Verify them with this signing secret. <strong>It is shown only this once</strong>: copy it now.</p>
<p><code style="word-break:break-all;user-select:all;">${escapeHtml(secret)}</code></p>`
    : '';
  return layout(page, {
    title: heading,
    body: `<h1>${heading}</h1>
<p>The ${what(endpoint)} gets ${escapeHtml(page.name)}'s updates.</p>
${secretPart}
${backLink(page)}`,
  });
}

const LINK_FAILURES = {
  invalid: ['This link is not valid', 'The link is damaged or incomplete. Copy the whole link from the email.'],
  expired: ['This link has expired', `Confirmation links work for ${ENDPOINT_CONFIRM_HOURS} hours, reactivation links for ${REACTIVATE_LINK_DAYS} days.`],
  gone: ['Nothing to do here', 'This endpoint no longer exists, or was disabled by the status page team or because the receiver said it is gone.'],
} as const;

export function endpointLinkFailedPage(page: PageConfig, reason: keyof typeof LINK_FAILURES): string {
  const [title, text] = LINK_FAILURES[reason];
  return layout(page, { title, body: `<h1>${title}</h1>\n<p>${text}</p>\n${backLink(page)}` });
}
