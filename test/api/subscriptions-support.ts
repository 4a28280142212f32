// One subscriptions test file's world: the API with subscription tokens and CloudFront's
// origin-verify secret (so each request may name its own client and the rate limit stays out of
// the way), and the helpers a person's browser or mail provider would use.
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { CONFIRM_TOKEN_HOURS, tokenEpochOf, type Subscriber } from '#app/subscriptions/subscriber';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { createApp } from '#api/app';
import { ImportResultSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

export interface SubscriptionsWorld {
  api: TestApi;
  app: ReturnType<typeof createApp>;
  tokens: ReturnType<typeof createSubscriptionTokens>;
  subscriber(email: string): Promise<Subscriber | null>;
  /** POST /v1/subscriptions as JSON, from a client address of its own. */
  subscribe(email: string): Promise<Response>;
  /** The confirm token the confirmation mail of the subscriber's latest request carries. */
  mailedConfirmToken(s: Subscriber): Promise<string>;
  /** A manage token as a mail sent now carries it. */
  manageToken(s: Subscriber): Promise<string>;
  /** The confirm page's button (the token in a form body). */
  postConfirm(token: string): Promise<Response>;
  /** RFC 8058 one-click, as a mail provider sends it. */
  oneClick(token: string): Promise<Response>;
  importing(body: unknown): Promise<ReturnType<typeof ImportResultSchema.parse>>;
  drop(): Promise<void>;
}

const ORIGIN_SECRET = 'subscriptions-world-origin-secret';

export async function subscriptionsWorld(): Promise<SubscriptionsWorld> {
  const api = await createTestApi();
  const tokens = createSubscriptionTokens(async () => 'subscriptions-world-secret-0123456789abcdef');
  const app = createApp(api.deps, { tokens, originSecret: async () => ({ current: ORIGIN_SECRET, previous: null }) });
  let client = 0;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  return {
    api,
    app,
    tokens,
    subscriber: (email) => api.deps.store.subscribers.get(subscriberIdFor(email)),
    subscribe: (email) =>
      Promise.resolve(
        app.request('/v1/subscriptions', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'cloudfront-viewer-address': `203.0.113.${++client % 250}:6${client}`,
            'x-herald-origin-verify': ORIGIN_SECRET,
          },
          body: JSON.stringify({ email }),
        }),
      ),
    mailedConfirmToken: (s) => tokens.confirm(s.id, Math.floor(Date.parse(s.confirm_requested_at!) / 1000) + CONFIRM_TOKEN_HOURS * 3600),
    manageToken: (s) => tokens.manage({ subscriberId: s.id, epoch: tokenEpochOf(s), issuedAt: Math.floor(api.clock.now() / 1000) }),
    postConfirm: (token) =>
      Promise.resolve(app.request('/v1/subscriptions/confirm', { method: 'POST', headers: form, body: `token=${encodeURIComponent(token)}` })),
    oneClick: (token) =>
      Promise.resolve(
        app.request(`/v1/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`, { method: 'POST', headers: form, body: 'List-Unsubscribe=One-Click' }),
      ),
    async importing(body) {
      const res = await api.request('POST', '/v1/subscribers', body);
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${await res.text()}`);
      return ImportResultSchema.parse(await res.json());
    },
    drop: () => api.drop(),
  };
}
