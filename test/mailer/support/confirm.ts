// Following a confirm link as a person does: open it (a page with a button, which changes
// nothing, so that a mail scanner fetching the link confirms nothing), then press the button (a
// form POST carrying the token in its body).
import { expect } from 'vitest';
import { pathOf } from './fixture';

interface Requester {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** The confirm page's form: where it posts and what it sends. */
export async function confirmForm(app: Requester, confirmUrl: string): Promise<{ action: string; body: string }> {
  const page = await app.request(pathOf(confirmUrl));
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  const token = /<input type="hidden" name="token" value="([^"]+)">/.exec(html)?.[1];
  if (!action || !token) throw new Error(`no confirm form on the page: ${html}`);
  const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return { action: unescape(action), body: new URLSearchParams({ token: unescape(token) }).toString() };
}

/** Opens the confirm link and presses "Confirm subscription"; the answer to the press. */
export async function clickConfirm(app: Requester, confirmUrl: string): Promise<Response> {
  const { action, body } = await confirmForm(app, confirmUrl);
  return app.request(pathOf(action), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}
