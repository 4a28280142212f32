// The public subscription routes (CONTRACT §2): subscribe (JSON or a plain form post, rate-limited
// per client), confirm, unsubscribe (a page with a button, and RFC 8058 one-click POST: no auth,
// no cookie) and manage. Browsers get HTML pages; JSON clients get JSON.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { SubscriptionDeps } from '#app/subscriptions/deps';
import { checkConfirmation, confirmSubscription } from '#app/subscriptions/confirm-subscription';
import { changeSubscription, readSubscription, unsubscribe } from '#app/subscriptions/manage-subscription';
import { manageTokenFor, type ManageTokenFailure } from '#app/subscriptions/manage-token';
import { checkRateLimit, ConfirmationCapError } from '#app/subscriptions/rate-limit';
import { subscribe, SUBSCRIBE_ANSWER, type SubscribeInput } from '#app/subscriptions/subscribe';
import { ValidationError } from '#core/errors';
import type { ApiEnv } from '../env';
import { problem, problemResponse } from '../problem';
import { requestContext } from '../request-context';
import {
  ConfirmForm,
  HtmlPage,
  ManageForm,
  SubscribeAnswerSchema,
  SubscribeBody,
  SubscribeForm,
  TokenQuery,
  UnsubscribeForm,
} from '../schemas';
import {
  alreadyConfirmedPage,
  confirmedPage,
  confirmPromptPage,
  linkFailedPage,
  type LinkFailure,
  managePage,
  rateLimitedPage,
  subscribeAcceptedPage,
  subscribeRejectedPage,
  unsubscribeConfirmPage,
  unsubscribedPage,
} from '../subscription-pages';
import { FORM_TYPES, SUBSCRIPTIONS_BASE as BASE } from '../subscription-paths';
import { errors, router } from '../validation-hook';

// Read by the API's middleware on every request, so they live apart from these routes.
export { FORM_TYPES, isPublicSubscriptionPath, subscriptionMediaTypes } from '../subscription-paths';

export const isJson = (c: Context) => /^application\/([\w.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '');
export const isForm = (c: Context) => FORM_TYPES.some((type) => (c.req.header('content-type') ?? '').toLowerCase().startsWith(type));
export const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter(Boolean);
export const html = { 'text/html': { schema: HtmlPage } };
export const forms = <T extends z.ZodType>(schema: T) => ({
  'application/x-www-form-urlencoded': { schema },
  'multipart/form-data': { schema },
});

/** POST /v1/subscriptions counts against the client's budget before anything else happens. */
export function subscribeRateLimit(deps: SubscriptionDeps) {
  return createMiddleware<ApiEnv>(async function subscribeRateLimit(c, next) {
    const limit = await checkRateLimit(deps, 'subscribe', await c.get('clientAddress')(), deps.now());
    if (limit.ok) return next();
    return tooManyRequests(c, deps, limit.retryAfterSeconds, `Too many subscription requests from this address; try again in ${limit.retryAfterSeconds} s.`);
  });
}

/** 429 with Retry-After: the form's page for a form post, problem+json otherwise. */
export function tooManyRequests(c: Context, deps: SubscriptionDeps, retryAfterSeconds: number, detail: string) {
  const headers = { 'retry-after': String(retryAfterSeconds) };
  if (isForm(c)) return c.html(rateLimitedPage(deps.config.page, retryAfterSeconds), 429, headers);
  return problemResponse(problem(429, detail), headers);
}

const subscribeRoute = (deps: SubscriptionDeps) =>
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Subscribe to email updates (public; JSON or a form post)',
    description:
      'Sends a confirmation link; nothing else reaches the address until it is followed. The answer is the same ' +
      'for a new, pending or confirmed address. Limited per client address, and all clients together by ' +
      'an hourly budget of confirmation mails (429 with Retry-After).',
    middleware: [subscribeRateLimit(deps)] as const,
    request: { body: { required: false, content: { 'application/json': { schema: SubscribeBody }, ...forms(SubscribeForm) } } },
    responses: {
      202: { description: 'Accepted: JSON, or an HTML page for a form post', content: { 'application/json': { schema: SubscribeAnswerSchema }, ...html } },
      ...errors(400, 413, 415, 429),
    },
  });

const confirmPageRoute = createRoute({
  method: 'get',
  path: '/confirm',
  summary: 'The confirm page (public; the link in the confirmation mail): a Confirm button; changes nothing',
  description: 'Mail security scanners fetch every link, so following it only shows a button that POSTs the token.',
  request: { query: TokenQuery },
  responses: {
    200: { description: 'A page with a Confirm subscription button (or: already subscribed)', content: html },
    400: { description: 'The token is malformed or was tampered with (a page)', content: html },
    410: { description: 'The link expired, or the subscription is gone (a page)', content: html },
  },
});

const confirmRoute = createRoute({
  method: 'post',
  path: '/confirm',
  summary: 'Confirm a subscription (public; the confirm page\u2019s button)',
  description: 'The token in the body (a form field or JSON `token`) or in the query. Confirming twice is fine.',
  request: {
    query: TokenQuery,
    body: { required: false, content: { ...forms(ConfirmForm), 'application/json': { schema: ConfirmForm } } },
  },
  responses: {
    200: { description: 'Confirmed (a page); also when it was already', content: html },
    400: { description: 'The token is malformed or was tampered with (a page)', content: html },
    410: { description: 'The link expired, or the subscription is gone (a page)', content: html },
  },
});

const unsubscribePageRoute = createRoute({
  method: 'get',
  path: '/unsubscribe',
  summary: 'The unsubscribe page (public): a button; changes nothing',
  request: { query: TokenQuery },
  responses: {
    200: { description: 'A page with an Unsubscribe button', content: html },
    400: { description: 'The token is malformed or was tampered with (a page)', content: html },
    410: { description: 'The link is older than a year, or fresher links were mailed since (a page)', content: html },
  },
});

const unsubscribeRoute = createRoute({
  method: 'post',
  path: '/unsubscribe',
  summary: 'Unsubscribe at once (public; RFC 8058 one-click or the page\u2019s button)',
  request: {
    query: TokenQuery,
    // Whatever a mail provider's robot sends is taken: the token alone decides.
    body: {
      required: false,
      content: {
        ...forms(UnsubscribeForm),
        'application/json': { schema: z.looseObject({}) },
        'text/plain': { schema: z.string() },
      },
    },
  },
  responses: {
    200: { description: 'Unsubscribed (a page); also when it was already', content: html },
    400: { description: 'The token is malformed or was tampered with (a page)', content: html },
    410: { description: 'The link is older than a year, or fresher links were mailed since (a page)', content: html },
  },
});

const managePageRoute = createRoute({
  method: 'get',
  path: '/manage',
  summary: 'The manage page (public; the link in every notification): component filter and unsubscribe',
  request: { query: TokenQuery },
  responses: {
    200: { description: 'A page with the subscription', content: html },
    400: { description: 'The token is malformed or was tampered with (a page)', content: html },
    410: { description: 'The subscription is gone, the link is older than a year, or fresher links were mailed since (a page)', content: html },
  },
});

const manageRoute = createRoute({
  method: 'post',
  path: '/manage',
  summary: 'Change the component filter (public; the manage page\u2019s form)',
  request: { query: TokenQuery, body: { required: false, content: forms(ManageForm) } },
  responses: {
    200: { description: 'Saved (a page)', content: html },
    400: { description: 'The token is malformed, or an unknown component (a page)', content: html },
    410: { description: 'The subscription is gone, the link is older than a year, or fresher links were mailed since (a page)', content: html },
  },
});

export function subscriptionRoutes(deps: SubscriptionDeps) {
  const page = deps.config.page;
  const url = (path: string, token: string) => `${page.url}${BASE}${path}?token=${encodeURIComponent(token)}`;
  /** A manage or unsubscribe link that does not work: 400 when damaged, 410 when it once worked. */
  const manageLinkFailed = (c: Context, reason: ManageTokenFailure | 'gone') => {
    const pages: Record<typeof reason, LinkFailure> = { invalid: 'invalid', expired: 'manage_expired', replaced: 'replaced', gone: 'manage_gone' };
    return c.html(linkFailedPage(page, pages[reason]), reason === 'invalid' ? 400 : 410);
  };

  return router()
    .openapi(
      subscribeRoute(deps),
      async (c) => {
        const form = isForm(c);
        let input: SubscribeInput;
        if (form) {
          const body = c.req.valid('form');
          input = { email: body.email ?? '', components: list(body.components) };
        } else {
          const parsed = SubscribeBody.safeParse(c.req.valid('json'));
          if (!parsed.success) throw new ValidationError('The body must be {"email": "…", "components"?: ["…"]}.', [{ path: 'email', message: 'required' }]);
          input = parsed.data;
        }
        const ctx = requestContext(c, deps.now(), () => ({ status: 202, body: SUBSCRIBE_ANSWER }));
        try {
          const answer = await subscribe(deps, input, ctx);
          return form ? c.html(subscribeAcceptedPage(page), 202) : c.json(answer, 202);
        } catch (error) {
          if (form && error instanceof ValidationError) return c.html(subscribeRejectedPage(page, error.message), 400);
          if (error instanceof ConfirmationCapError) return tooManyRequests(c, deps, error.retryAfterSeconds, error.message);
          throw error;
        }
      },
      (result, c) => {
        if (result.success) return;
        if (isForm(c)) return c.html(subscribeRejectedPage(page, 'Enter an email address.'), 400);
        throw new ValidationError(
          "The request's body is not valid.",
          result.error.issues.map((issue) => ({
            path: issue.path.join('.') || '(root)',
            message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
          })),
        );
      },
    )
    .openapi(confirmPageRoute, async (c) => {
      // Looks only: a scanner fetching the link confirms nothing.
      const token = c.req.valid('query').token ?? '';
      const check = await checkConfirmation(deps, token, requestContext(c, deps.now()));
      if (check.result === 'invalid') return c.html(linkFailedPage(page, 'invalid'), 400);
      if (check.result === 'expired' || check.result === 'gone') return c.html(linkFailedPage(page, check.result), 410);
      if (check.result === 'already_confirmed') return c.html(alreadyConfirmedPage(page, check.subscriber.email), 200);
      return c.html(confirmPromptPage(page, check.subscriber.email, `${page.url}${BASE}/confirm`, token), 200);
    })
    .openapi(confirmRoute, async (c) => {
      const body = isForm(c) ? c.req.valid('form') : isJson(c) ? c.req.valid('json') : {};
      const token = body.token ?? c.req.valid('query').token ?? '';
      const ctx = requestContext(c, deps.now());
      const outcome = await confirmSubscription(deps, token, ctx);
      if (outcome.result === 'invalid') return c.html(linkFailedPage(page, 'invalid'), 400);
      if (outcome.result === 'expired' || outcome.result === 'gone') return c.html(linkFailedPage(page, outcome.result), 410);
      const manage = await manageTokenFor(deps.tokens, outcome.subscriber, ctx.now);
      return c.html(confirmedPage(page, outcome.subscriber.email, url('/manage', manage)), 200);
    })
    .openapi(unsubscribePageRoute, async (c) => {
      const token = c.req.valid('query').token ?? '';
      const found = await readSubscription(deps, token, requestContext(c, deps.now()));
      if (found.result === 'invalid' || found.result === 'expired' || found.result === 'replaced') return manageLinkFailed(c, found.result);
      const email = found.result === 'found' ? found.subscriber.email : null;
      return c.html(unsubscribeConfirmPage(page, email, url('/unsubscribe', token), url('/manage', token)), 200);
    })
    .openapi(unsubscribeRoute, async (c) => {
      const outcome = await unsubscribe(deps, c.req.valid('query').token ?? '', requestContext(c, deps.now()));
      if (outcome.result !== 'unsubscribed') return manageLinkFailed(c, outcome.result);
      return c.html(unsubscribedPage(page, outcome.email), 200);
    })
    .openapi(managePageRoute, async (c) => {
      const token = c.req.valid('query').token ?? '';
      const found = await readSubscription(deps, token, requestContext(c, deps.now()));
      if (found.result !== 'found') return manageLinkFailed(c, found.result);
      return c.html(
        managePage(page, { ...found, saveAction: url('/manage', token), unsubscribeAction: url('/unsubscribe', token) }),
        200,
      );
    })
    .openapi(manageRoute, async (c) => {
      const token = c.req.valid('query').token ?? '';
      const components = list(c.req.valid('form').components);
      try {
        const outcome = await changeSubscription(deps, token, { components }, requestContext(c, deps.now()));
        if (outcome.result !== 'found') return manageLinkFailed(c, outcome.result);
        return c.html(
          managePage(page, { ...outcome, saved: true, saveAction: url('/manage', token), unsubscribeAction: url('/unsubscribe', token) }),
          200,
        );
      } catch (error) {
        if (error instanceof ValidationError) return c.html(subscribeRejectedPage(page, error.message), 400);
        throw error;
      }
    });
}
