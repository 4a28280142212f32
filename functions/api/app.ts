// The responder API: one Hono app, the same under Lambda and the local stack.
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Authenticator } from '#app/api-keys/authenticate';
import { createAuthenticator } from '#app/api-keys/authenticate';
import type { AppDeps } from '#app/deps';
import type { SubscriptionTokens } from '#app/subscriptions/tokens';
import type { ApiEnv } from './env';
import { notFoundOrMethodNotAllowed, type RouteSignature } from './method-not-allowed';
import { bearerAuth } from './middleware/bearer-auth';
import { clientAddress } from './middleware/client-address';
import { idempotency } from './middleware/idempotency';
import { jsonOnly } from './middleware/json-only';
import { onError } from './on-error';
import { createOriginVerifier, type OriginSecretSource } from './origin-verify';
import { problem, problemResponse } from './problem';
import { documentRouteScopes } from './route-scopes';
import { componentRoutes } from './routes/components';
import { healthRoutes } from './routes/health';
import { incidentRoutes } from './routes/incidents';
import { maintenanceRoutes } from './routes/maintenances';
import { metricsRoutes } from './routes/metrics';
import { peopleRoutes } from './routes/people';
import { postmortemDraftRoutes, postmortemRoutes } from './routes/postmortems';
import { subscriberRoutes } from './routes/subscribers';
import { isPublicSubscriptionPath, subscriptionMediaTypes, subscriptionRoutes } from './routes/subscriptions';
import { webhookSubscriptionRoutes } from './routes/webhook-subscriptions';
import { sessionRoutes } from './routes/sessions';
import { apiKeyRoutes } from './routes/api-keys';
import { templateRoutes } from './routes/templates';
import { webhookRoutes } from './routes/webhooks';
import { endpointAttemptRoutes, updateDeliveryRoutes } from './routes/channel-deliveries';
import { ensureConfiguredAdmins } from '#app/people/ensure-configured-admins';
import { timelineRoutes } from './routes/timeline';
import { exportRoutes } from './routes/exports';
import { importRoutes } from './routes/imports';

export const MAX_BODY_BYTES = 64 * 1024;
/** Console forms may carry a CSV of subscribers. */
export const CONSOLE_MAX_BODY_BYTES = 1024 * 1024;

export interface ApiOptions {
  authenticate?: Authenticator;
  /** Further /v1 routes (e.g. subscriptions), mounted before the OpenAPI document is built. */
  extend?: (app: OpenAPIHono<ApiEnv>) => void;
  /** Paths that are public besides health and the OpenAPI document. */
  publicPaths?: (method: string, path: string) => boolean;
  /** Media types accepted for a path besides JSON (e.g. form posts). */
  accepts?: (path: string) => string[] | null;
  /** Signs and checks subscribers' confirm and manage links (the same secret as the mailer's).
   *  Without it the subscription routes answer 500: a deployment must pass it. */
  tokens?: SubscriptionTokens;
  /** The secret CloudFront sends in x-herald-origin-verify. Only requests carrying it may name
   *  their viewer (CloudFront-Viewer-Address); without it (the local stack) no request may, and
   *  the client is the connection's source address. */
  originSecret?: OriginSecretSource;
  /** Serve the responder console under /console (it needs `tokens` for its sign-in links). */
  console?: { secureCookies: boolean; localMailUrl?: string; ensureAdmins?: boolean };
}

const missingTokens: SubscriptionTokens = {
  confirm: () => Promise.reject(new Error('createApp was not given subscription tokens')),
  manage: () => Promise.reject(new Error('createApp was not given subscription tokens')),
  signIn: () => Promise.reject(new Error('createApp was not given subscription tokens')),
  endpoint: () => Promise.reject(new Error('createApp was not given subscription tokens')),
  verify: () => Promise.reject(new Error('createApp was not given subscription tokens')),
};

const alwaysPublic = (method: string, path: string) =>
  method === 'GET' && (path === '/v1/health' || path === '/v1/openapi.json');

export function createApp(deps: AppDeps, options: ApiOptions = {}) {
  const app = new OpenAPIHono<ApiEnv>();
  app.use('*', requestId());
  const verifyOrigin = options.originSecret && createOriginVerifier({ secret: options.originSecret, now: () => Date.parse(deps.now()) });
  app.use('/v1/*', clientAddress({ verifyOrigin }));
  app.use('/console/*', clientAddress({ verifyOrigin }));
  app.use(
    '/console/*',
    bodyLimit({
      maxSize: CONSOLE_MAX_BODY_BYTES,
      onError: (c) => c.text(`The form is larger than ${CONSOLE_MAX_BODY_BYTES / 1024} KiB.`, 413),
    }),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => problemResponse(problem(413, `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)),
    }),
  );
  app.use('/v1/*', jsonOnly({ accepts: (path) => subscriptionMediaTypes(path) ?? options.accepts?.(path) ?? null }));
  app.use(
    '/v1/*',
    bearerAuth({
      authenticate: options.authenticate ?? createAuthenticator(deps),
      isPublic: (method, path) =>
        alwaysPublic(method, path) || isPublicSubscriptionPath(method, path) || (options.publicPaths?.(method, path) ?? false),
    }),
  );
  app.use('/v1/*', idempotency({ repository: deps.store.idempotency, now: deps.now }));

  app.route('/v1/health', healthRoutes());
  app.route('/v1/components', componentRoutes(deps));
  app.route('/v1/incidents', incidentRoutes(deps));
  app.route('/v1/incidents', timelineRoutes(deps));
  app.route('/v1/incidents', postmortemDraftRoutes(deps));
  app.route('/v1/postmortems', postmortemRoutes(deps));
  app.route('/v1/metrics', metricsRoutes(deps));
  app.route('/v1/maintenances', maintenanceRoutes(deps));
  app.route('/v1/templates', templateRoutes(deps));
  app.route('/v1/webhooks', webhookRoutes(deps));
  app.route('/v1/webhooks', endpointAttemptRoutes(deps));
  app.route('/v1/incidents', updateDeliveryRoutes(deps));
  app.route('/v1/people', peopleRoutes(deps));
  app.route('/v1/sessions', sessionRoutes(deps));
  app.route('/v1/api-keys', apiKeyRoutes(deps));
  app.route('/v1/imports', importRoutes(deps));
  app.route('/v1/exports', exportRoutes(deps));
  const subscriptionDeps = { ...deps, tokens: options.tokens ?? missingTokens };
  app.route('/v1/subscriptions/webhooks', webhookSubscriptionRoutes(subscriptionDeps));
  app.route('/v1/subscriptions', subscriptionRoutes(subscriptionDeps));
  app.route('/v1/subscribers', subscriberRoutes(subscriptionDeps));
  options.extend?.(app);
  if (options.console) {
    const { ensureAdmins, ...consoleOptions } = options.console;
    let ensured: Promise<unknown> | undefined;
    const ensureOnce = () =>
      (ensured ??= ensureConfiguredAdmins(deps).catch((error: unknown) => {
        ensured = undefined; // tried again on the next sign-in
        throw error;
      }));
    const consoleDeps = { ...subscriptionDeps, ...consoleOptions, ensureAdmins: ensureAdmins ? ensureOnce : undefined };
    app.route('/console', lazyConsole(() => import('../console/app').then(({ consoleApp }) => consoleApp(consoleDeps) as never)));
  }

  documentRouteScopes(app.openAPIRegistry);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Herald responder API',
      version: '1',
      description: 'Declare incidents, post updates, schedule maintenance. Errors are application/problem+json (RFC 9457).',
    },
  });

  app.onError(onError);
  app.notFound(
    notFoundOrMethodNotAllowed(() => [
      { method: 'GET', path: '/v1/openapi.json' },
      ...app.openAPIRegistry.definitions.flatMap((d): RouteSignature[] =>
        d.type === 'route' ? [{ method: d.route.method, path: d.route.path }] : [],
      ),
    ]),
  );
  return app;
}

export type HeraldApp = ReturnType<typeof createApp>;

/**
 * The console, evaluated on its first request, so that the API's cold start and its /v1 requests
 * never pay for the console's screens (bench/bundle-size.ts). By then the parent's middleware has
 * run (request id, client address, body limit): the console's context gets the parent's variables
 * and sees the same path as when it was mounted directly.
 */
function lazyConsole(load: () => Promise<Hono<ApiEnv>>): Hono<ApiEnv> {
  const parents = new WeakMap<Request, Context<ApiEnv>>();
  let host: Promise<Hono<ApiEnv>> | undefined;
  const hostOnce = () =>
    (host ??= load().then(
      (routes) => {
        const inner = new Hono<ApiEnv>();
        inner.use('*', async (c, next) => {
          for (const [name, value] of Object.entries(parents.get(c.req.raw)?.var ?? {})) c.set(name as never, value as never);
          await next();
        });
        return inner.route('/console', routes);
      },
      (error: unknown) => {
        host = undefined; // tried again on the next request
        throw error;
      },
    ));
  return new Hono<ApiEnv>().all('*', async (c) => {
    parents.set(c.req.raw, c);
    let executionCtx: Context['executionCtx'] | undefined;
    try {
      executionCtx = c.executionCtx;
    } catch {
      // none under Lambda or in tests
    }
    const answer = await (await hostOnce()).fetch(c.req.raw, c.env, executionCtx);
    // Headers the parent's middleware prepared (the request id) wait in a response Hono creates
    // on first read; with it there, Hono copies them onto the console's answer as for any route.
    void c.res;
    return answer;
  });
}
