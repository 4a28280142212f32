// A reader's webhook, Slack or Teams endpoint from the status page (public; no API key): the form
// (or JSON) asks, the contact's mailed link confirms it (double opt-in), and a quarantined
// endpoint's contact reactivates it by the link in the quarantine mail. Links open a page with a
// button; only the button's POST changes anything. Same budgets as email subscriptions.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { SubscriptionDeps } from '#app/subscriptions/deps';
import { ConfirmationCapError } from '#app/subscriptions/rate-limit';
import { checkEndpointLink, followEndpointLink, type EndpointLinkPurpose } from '#app/channels/endpoint-links';
import { ENDPOINT_KINDS } from '#app/channels/endpoint';
import { subscribeEndpoint, SUBSCRIBE_ENDPOINT_ANSWER, type SubscribeEndpointInput } from '#app/channels/subscribe-endpoint';
import { ValidationError } from '#core/errors';
import { requestContext } from '../request-context';
import { ConfirmForm, SubscribeAnswerSchema, TokenQuery } from '../schemas';
import { endpointAcceptedPage, endpointDonePage, endpointLinkFailedPage, endpointPromptPage } from '../endpoint-pages';
import { subscribeRejectedPage } from '../subscription-pages';
import { forms, html, isForm, isJson, list, subscribeRateLimit, tooManyRequests } from './subscriptions';
import { errors, router } from '../validation-hook';

export const WEBHOOK_SUBSCRIPTIONS_BASE = '/v1/subscriptions/webhooks';

const SubscribeWebhookBody = z
  .object({
    kind: z.enum(ENDPOINT_KINDS).default('webhook'),
    url: z.string().min(1).max(8000).openapi({ description: 'https only; public addresses only; Slack and Teams URLs of their shape.' }),
    contact_email: z.string().trim().min(3).max(320).openapi({ format: 'email', description: 'Gets the confirmation link, and a notice if deliveries keep failing.' }),
    components: z.array(z.string().min(1).max(64)).max(200).optional(),
  })
  .strict()
  .openapi('SubscribeWebhook');

const SubscribeWebhookForm = z
  .object({
    kind: z.string().max(20).optional(),
    url: z.string().max(8000).optional(),
    contact_email: z.string().max(320).optional(),
    components: z.union([z.string().max(64), z.array(z.string().max(64)).max(200)]).optional(),
  })
  .openapi('SubscribeWebhookForm');

const subscribeRoute = (deps: SubscriptionDeps) =>
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Send updates to a webhook, Slack or Teams URL (public; JSON or the page\u2019s form)',
    description:
      'Double opt-in: the endpoint is pending and gets nothing until its contact follows the mailed link; confirming a webhook ' +
      'shows its signing secret once. The URL is checked like a responder\u2019s (400 naming the reason). Same budgets as email subscriptions (429).',
    middleware: [subscribeRateLimit(deps)] as const,
    request: { body: { required: false, content: { 'application/json': { schema: SubscribeWebhookBody }, ...forms(SubscribeWebhookForm) } } },
    responses: {
      202: { description: 'Accepted: JSON, or an HTML page for a form post', content: { 'application/json': { schema: SubscribeAnswerSchema }, ...html } },
      ...errors(400, 413, 415, 429),
    },
  });

const linkRoutes = (purpose: EndpointLinkPurpose) => {
  const path = purpose === 'endpoint' ? '/confirm' : '/reactivate';
  const verb = purpose === 'endpoint' ? 'Confirm a reader\u2019s endpoint' : 'Reactivate a quarantined endpoint';
  const pageResponses = {
    400: { description: 'The token is malformed or was tampered with (a page)', content: html },
    410: { description: 'The link expired, or the endpoint is gone or disabled (a page)', content: html },
  };
  return {
    page: createRoute({
      method: 'get',
      path,
      summary: `${verb} (public; the mailed link): a page with a button; changes nothing`,
      request: { query: TokenQuery },
      responses: { 200: { description: 'A page with a button', content: html }, ...pageResponses },
    }),
    post: createRoute({
      method: 'post',
      path,
      summary: `${verb} (public; the link page\u2019s button)`,
      request: { query: TokenQuery, body: { required: false, content: { ...forms(ConfirmForm), 'application/json': { schema: ConfirmForm } } } },
      responses: { 200: { description: 'Done (a page); also when it was already', content: html }, ...pageResponses },
    }),
  };
};

export function webhookSubscriptionRoutes(deps: SubscriptionDeps) {
  const page = deps.config.page;
  const failed = (c: Context, reason: 'invalid' | 'expired' | 'gone') => c.html(endpointLinkFailedPage(page, reason), reason === 'invalid' ? 400 : 410);
  const app = router().openapi(
    subscribeRoute(deps),
    async (c) => {
      const form = isForm(c);
      let input: SubscribeEndpointInput;
      if (form) {
        const body = c.req.valid('form');
        const kind = (ENDPOINT_KINDS as readonly string[]).includes(body.kind ?? 'webhook') ? ((body.kind ?? 'webhook') as SubscribeEndpointInput['kind']) : null;
        if (!kind) return c.html(subscribeRejectedPage(page, 'Choose webhook, Slack or Teams.'), 400);
        input = { kind, url: body.url ?? '', contact_email: body.contact_email ?? '', components: list(body.components) };
      } else {
        const parsed = SubscribeWebhookBody.safeParse(c.req.valid('json'));
        if (!parsed.success) {
          throw new ValidationError(
            'The body must be {"kind"?: "webhook"|"slack"|"teams", "url": "…", "contact_email": "…", "components"?: ["…"]}.',
            parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
          );
        }
        input = parsed.data;
      }
      try {
        const answer = await subscribeEndpoint(deps, input, requestContext(c, deps.now()));
        return form ? c.html(endpointAcceptedPage(page), 202) : c.json(answer, 202);
      } catch (error) {
        if (form && error instanceof ValidationError) {
          const reasons = error.errors?.map((e) => e.message).filter(Boolean) ?? [];
          return c.html(subscribeRejectedPage(page, [error.message, ...reasons].join(' ')), 400);
        }
        if (error instanceof ConfirmationCapError) return tooManyRequests(c, deps, error.retryAfterSeconds, error.message);
        throw error;
      }
    },
    (result, c) => {
      if (result.success) return;
      if (isForm(c)) return c.html(subscribeRejectedPage(page, 'Enter the URL and a contact email address.'), 400);
      throw new ValidationError(
        "The request's body is not valid.",
        result.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(root)',
          message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
        })),
      );
    },
  );
  for (const purpose of ['endpoint', 'reactivate'] as const) {
    const routes = linkRoutes(purpose);
    const action = `${page.url}${WEBHOOK_SUBSCRIPTIONS_BASE}${routes.page.path}`;
    app.openapi(routes.page, async (c) => {
      const token = c.req.valid('query').token ?? '';
      const check = await checkEndpointLink(deps, purpose, token, requestContext(c, deps.now()));
      if (!('endpoint' in check)) return failed(c, check.result);
      if (check.result === 'done') return c.html(endpointDonePage(page, purpose, check.endpoint, null, false), 200);
      return c.html(endpointPromptPage(page, purpose, check.endpoint, action, token), 200);
    });
    app.openapi(routes.post, async (c) => {
      const body = isForm(c) ? c.req.valid('form') : isJson(c) ? c.req.valid('json') : {};
      const token = body.token ?? c.req.valid('query').token ?? '';
      const outcome = await followEndpointLink(deps, purpose, token, requestContext(c, deps.now()));
      if (!('endpoint' in outcome)) return failed(c, outcome.result);
      const secret = outcome.result === 'changed' ? outcome.secret : null;
      return c.html(endpointDonePage(page, purpose, outcome.endpoint, secret, outcome.result === 'changed'), 200);
    });
  }
  return app;
}

export { SUBSCRIBE_ENDPOINT_ANSWER };
