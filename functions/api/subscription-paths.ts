// Which /v1/subscriptions paths are public and which media types they take: read by the API's
// middleware on every request, so kept apart from the subscription routes themselves, which are
// loaded on the first request under /v1/subscriptions (lazy-routes.ts).
export const SUBSCRIPTIONS_BASE = '/v1/subscriptions';
export const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** The subscription routes need no API key. */
export function isPublicSubscriptionPath(_method: string, path: string): boolean {
  return path === SUBSCRIPTIONS_BASE || path.startsWith(`${SUBSCRIPTIONS_BASE}/`);
}

/** Media types the subscription routes take besides JSON. One-click POSTs come from mail
 *  providers' robots, so the unsubscribe route takes whatever they send. */
export function subscriptionMediaTypes(path: string): string[] | null {
  const route = path.replace(/\/+$/, '');
  if (route === SUBSCRIPTIONS_BASE) return ['application/json', ...FORM_TYPES];
  if (route === `${SUBSCRIPTIONS_BASE}/unsubscribe`) return ['application/json', ...FORM_TYPES, 'text/plain'];
  if (route === `${SUBSCRIPTIONS_BASE}/manage`) return FORM_TYPES;
  if (route === `${SUBSCRIPTIONS_BASE}/confirm`) return ['application/json', ...FORM_TYPES];
  // A reader's webhook (routes/webhook-subscriptions.ts): the page's form, or JSON.
  if (route.startsWith(`${SUBSCRIPTIONS_BASE}/webhooks`)) return ['application/json', ...FORM_TYPES];
  return null;
}
