// The HTML pages of the public subscription routes: what a person sees after the subscribe form,
// a confirm link, an unsubscribe link or a manage link. Plain HTML and forms, no script: they work
// without JavaScript. Every value is escaped; the token-bearing URLs are never sent as a Referer.
import type { PageConfig } from '#config/config';
import type { Component } from '#core/model';
import type { Subscriber } from '#app/subscriptions/subscriber';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A CSS colour from the config, or the default when it is anything but a plain hex colour. */
const accentOf = (page: PageConfig) => (/^#[0-9a-f]{3,8}$/i.test(page.colors.accent) ? page.colors.accent : '#2563eb');

interface PageParts {
  title: string;
  /** Trusted HTML built by the functions below (every value in it escaped). */
  body: string;
}

export function layout(page: PageConfig, { title, body }: PageParts): string {
  const accent = accentOf(page);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · ${escapeHtml(page.name)}</title>
<style>
  :root { color-scheme: light dark; --accent: ${accent}; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f6f7f9; color: #1f2328; }
  main { max-width: 34rem; margin: 3rem auto; padding: 0 1rem; }
  .brand { font-weight: 600; color: inherit; text-decoration: none; }
  .card { background: #fff; border: 1px solid #d8dee4; border-radius: 8px; padding: 1.5rem; margin-top: 1rem; }
  h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
  p { margin: .5rem 0; }
  .muted { color: #59636e; font-size: .9rem; }
  button { font: inherit; background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: .55rem 1.1rem; cursor: pointer; }
  button.secondary { background: transparent; color: var(--accent); border: 1px solid currentColor; }
  fieldset { border: 0; padding: 0; margin: 1rem 0; }
  label { display: block; margin: .3rem 0; }
  label.member { margin-left: 1.6rem; }
  form { margin: 1rem 0 0; }
  a { color: var(--accent); }
  @media (prefers-color-scheme: dark) {
    body { background: #0d1117; color: #e6edf3; }
    .card { background: #161b22; border-color: #30363d; }
    .muted { color: #9198a1; }
  }
</style>
</head>
<body>
<main>
  <a class="brand" href="${escapeHtml(page.url)}/">${escapeHtml(page.name)}</a>
  <div class="card">
${body}
  </div>
</main>
</body>
</html>`;
}

export const backLink = (page: PageConfig) => `<p><a href="${escapeHtml(page.url)}/">Back to the status page</a></p>`;

export function subscribeAcceptedPage(page: PageConfig): string {
  return layout(page, {
    title: 'Check your inbox',
    body: `<h1>Check your inbox</h1>
<p>If the address can receive mail, a confirmation link is on its way. Follow it within a day to start getting updates.</p>
<p class="muted">Nothing else is sent to the address until the link is followed.</p>
${backLink(page)}`,
  });
}

export function subscribeRejectedPage(page: PageConfig, message: string): string {
  return layout(page, {
    title: 'Not subscribed',
    body: `<h1>That did not work</h1>
<p>${escapeHtml(message)}</p>
${backLink(page)}`,
  });
}

export function rateLimitedPage(page: PageConfig, retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return layout(page, {
    title: 'Too many requests',
    body: `<h1>Too many requests</h1>
<p>Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.</p>
${backLink(page)}`,
  });
}

export function confirmedPage(page: PageConfig, email: string, manageUrl: string): string {
  return layout(page, {
    title: 'Subscription confirmed',
    body: `<h1>You are subscribed</h1>
<p><strong>${escapeHtml(email)}</strong> will get an email when an incident or maintenance is posted.</p>
<p class="muted">Every email has a link to unsubscribe in one click. You can also <a href="${escapeHtml(manageUrl)}">choose components</a>.</p>
${backLink(page)}`,
  });
}

/** The confirm link's page (GET): a button that POSTs the token, so that a mail scanner fetching
 *  the link confirms nothing. The token goes in the body, not in the form's URL. */
export function confirmPromptPage(page: PageConfig, email: string, action: string, token: string): string {
  return layout(page, {
    title: 'Confirm subscription',
    body: `<h1>Confirm your subscription</h1>
<p>Get an email at <strong>${escapeHtml(email)}</strong> when an incident or maintenance is posted.</p>
<form method="post" action="${escapeHtml(action)}">
  <input type="hidden" name="token" value="${escapeHtml(token)}">
  <button type="submit">Confirm subscription</button>
</form>
<p class="muted">Did not ask for this? Do nothing: without confirming, nothing is sent and the address is forgotten.</p>`,
  });
}

export function alreadyConfirmedPage(page: PageConfig, email: string): string {
  return layout(page, {
    title: 'Already subscribed',
    body: `<h1>You are already subscribed</h1>
<p><strong>${escapeHtml(email)}</strong> gets an email when an incident or maintenance is posted. Every email has a link to unsubscribe.</p>
${backLink(page)}`,
  });
}

const LINK_FAILURES = {
  invalid: ['This link is not valid', 'The link is damaged or incomplete. Copy the whole link from the email, or subscribe again.'],
  expired: ['This link has expired', 'Confirmation links work for 24 hours. Subscribe again to get a new one.'],
  gone: ['Nothing to confirm', 'This subscription no longer exists: it was removed, or not confirmed within 7 days. Subscribe again if you like.'],
  manage_expired: [
    'This link has expired',
    'Links in our emails work for a year. Use the link in a newer email, or enter your address in the subscribe form on the status page: we will email you fresh links.',
  ],
  replaced: [
    'This link was replaced',
    'Fresh links were emailed to this address since; this one no longer works. Use the links in the newest email, or enter your address in the subscribe form on the status page to get new ones.',
  ],
  manage_gone: ['Not subscribed', 'This address is not subscribed (any more). Subscribe again from the status page if you like.'],
} as const;

export type LinkFailure = keyof typeof LINK_FAILURES;

export function linkFailedPage(page: PageConfig, reason: LinkFailure): string {
  const [heading, text] = LINK_FAILURES[reason];
  return layout(page, { title: heading, body: `<h1>${heading}</h1>\n<p>${text}</p>\n${backLink(page)}` });
}

export function unsubscribeConfirmPage(page: PageConfig, email: string | null, action: string, manageUrl: string): string {
  const who = email ? `<strong>${escapeHtml(email)}</strong>` : 'this address';
  return layout(page, {
    title: 'Unsubscribe',
    body: `<h1>Unsubscribe?</h1>
<p>Stop all status emails to ${who}.</p>
<form method="post" action="${escapeHtml(action)}">
  <button type="submit">Unsubscribe</button>
</form>
<p class="muted">Too many emails? <a href="${escapeHtml(manageUrl)}">Choose the components you hear about</a> instead.</p>`,
  });
}

export function unsubscribedPage(page: PageConfig, email: string | null): string {
  return layout(page, {
    title: 'Unsubscribed',
    body: `<h1>You are unsubscribed</h1>
<p>${email ? `<strong>${escapeHtml(email)}</strong> will` : 'This address will'} get no more status emails.</p>
${backLink(page)}`,
  });
}

export interface ManagePageInput {
  subscriber: Subscriber;
  components: Component[];
  saveAction: string;
  unsubscribeAction: string;
  saved?: boolean;
}

export function managePage(page: PageConfig, input: ManagePageInput): string {
  const { subscriber, components, saved } = input;
  const chosen = new Set(subscriber.components);
  const box = (c: Component, label: string, indent = false) =>
    `  <label${indent ? ' class="member"' : ''}><input type="checkbox" name="components" value="${escapeHtml(c.id)}"${chosen.has(c.id) ? ' checked' : ''}> ${label}</label>`;
  const members = (group: Component) => components.filter((c) => c.group_id === group.id && !c.group);
  // A group first (ticking it means everything in it), then its members; then the ungrouped ones.
  const boxes = [
    ...components
      .filter((c) => c.group)
      .flatMap((g) => [box(g, `${escapeHtml(g.name)} <span class="muted">(all of it)</span>`), ...members(g).map((c) => box(c, escapeHtml(c.name), true))]),
    ...components.filter((c) => !c.group && !components.some((g) => g.group && g.id === c.group_id)).map((c) => box(c, escapeHtml(c.name))),
  ].join('\n');
  return layout(page, {
    title: 'Your subscription',
    body: `<h1>Your subscription</h1>
${saved ? '<p role="status"><strong>Saved.</strong></p>' : ''}
<p>Status emails go to <strong>${escapeHtml(subscriber.email)}</strong>${subscriber.status === 'pending' ? ' once the address is confirmed' : ''}.</p>
<form method="post" action="${escapeHtml(input.saveAction)}">
<fieldset>
  <legend>Components to hear about (none ticked: all of them)</legend>
${boxes || '  <p class="muted">This page has no components yet: you hear about everything.</p>'}
</fieldset>
  <button type="submit">Save</button>
</form>
<form method="post" action="${escapeHtml(input.unsubscribeAction)}">
  <button type="submit" class="secondary">Unsubscribe from everything</button>
</form>`,
  });
}
