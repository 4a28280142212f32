// The responder API: one Hono app, the same under Lambda and the local stack. Its /v1 route sets
// are listed in lazy-routes.ts (ROUTE_SETS: add a new one there) and loaded on first use.
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Authenticator } from '#app/api-keys/authenticate';
import { createAuthenticator } from '#app/api-keys/authenticate';
import type { AppDeps } from '#app/deps';
import type { SubscriptionTokens } from '#app/subscriptions/tokens';
import type { ApiEnv } from './env';
import { routeGroupFor, routeSetLoader, type MountedRouteSet } from './lazy-routes';
import { notFoundOrMethodNotAllowed, type RouteSignature } from './method-not-allowed';
import { bearerAuth } from './middleware/bearer-auth';
import { clientAddress } from './middleware/client-address';
import { idempotency } from './middleware/idempotency';
import { jsonOnly } from './middleware/json-only';
import { onError } from './on-error';
import { createOriginVerifier, type OriginSecretSource } from './origin-verify';
import { problem, problemResponse } from './problem';
import { documentRouteScopes } from './route-scopes';
import { isPublicSubscriptionPath, subscriptionMediaTypes } from './subscription-paths';
import { ensureConfiguredAdmins } from '#app/people/ensure-configured-admins';

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

/**
 * The API: each request is answered by an app holding every middleware (the same instances for
 * all) and only the routes of the request's group (/v1/<first segment>), built on the group's
 * first request (lazy-routes.ts): a cold start evaluates no route, and a request loads only its
 * group's. /v1/openapi.json, and every 404 or 405 (whose Allow names the methods of all routes),
 * are answered from the whole API, mounted in the order of ROUTE_SETS as before. Paths outside
 * every group (and the console) go to the app without /v1 routes.
 */
export function createApp(deps: AppDeps, options: ApiOptions = {}) {
  const verifyOrigin = options.originSecret && createOriginVerifier({ secret: options.originSecret, now: () => Date.parse(deps.now()) });
  const middleware: Array<readonly [path: string, handler: MiddlewareHandler<ApiEnv>]> = [
    ['*', requestId()],
    ['/v1/*', clientAddress({ verifyOrigin })],
    ['/console/*', clientAddress({ verifyOrigin })],
    [
      '/console/*',
      bodyLimit({
        maxSize: CONSOLE_MAX_BODY_BYTES,
        onError: (c) => c.text(`The form is larger than ${CONSOLE_MAX_BODY_BYTES / 1024} KiB.`, 413),
      }),
    ],
    [
      '/v1/*',
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => problemResponse(problem(413, `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)),
      }),
    ],
    ['/v1/*', jsonOnly({ accepts: (path) => subscriptionMediaTypes(path) ?? options.accepts?.(path) ?? null })],
    [
      '/v1/*',
      bearerAuth({
        authenticate: options.authenticate ?? createAuthenticator(deps),
        isPublic: (method, path) =>
          alwaysPublic(method, path) || isPublicSubscriptionPath(method, path) || (options.publicPaths?.(method, path) ?? false),
      }),
    ],
    ['/v1/*', idempotency({ repository: deps.store.idempotency, now: deps.now })],
  ];

  const subscriptionDeps = { ...deps, tokens: options.tokens ?? missingTokens };
  const routeSets = routeSetLoader(deps, subscriptionDeps);
  let consoleRoutes: Hono<ApiEnv> | undefined;
  if (options.console) {
    const { ensureAdmins, ...consoleOptions } = options.console;
    let ensured: Promise<unknown> | undefined;
    const ensureOnce = () =>
      (ensured ??= ensureConfiguredAdmins(deps).catch((error: unknown) => {
        ensured = undefined; // tried again on the next sign-in
        throw error;
      }));
    const consoleDeps = { ...subscriptionDeps, ...consoleOptions, ensureAdmins: ensureAdmins ? ensureOnce : undefined };
    consoleRoutes = lazyConsole(() => import('../console/app').then(({ consoleApp }) => consoleApp(consoleDeps) as never));
  }

  type NotFound = (c: Context<ApiEnv>) => Response | Promise<Response>;
  /** One app: the middleware, these route sets, the console, the error and not-found answers. */
  const assemble = (routes: readonly MountedRouteSet[], notFound: NotFound, document?: (app: OpenAPIHono<ApiEnv>) => void) => {
    const app = new OpenAPIHono<ApiEnv>();
    for (const [path, handler] of middleware) app.use(path, handler);
    for (const [path, set] of routes) app.route(path, set);
    options.extend?.(app);
    if (consoleRoutes) app.route('/console', consoleRoutes);
    document?.(app);
    app.onError(onError);
    app.notFound(notFound);
    return app;
  };

  let whole: Promise<{ app: OpenAPIHono<ApiEnv>; notFound: NotFound }> | undefined;
  /** Every route: the OpenAPI document, and the 404 or 405 of any path. */
  const wholeApi = () =>
    (whole ??= routeSets.all().then(
      (routes) => {
        const notFound: NotFound = notFoundOrMethodNotAllowed(() => [
          { method: 'GET', path: '/v1/openapi.json' },
          ...app.openAPIRegistry.definitions.flatMap((d): RouteSignature[] => (d.type === 'route' ? [{ method: d.route.method, path: d.route.path }] : [])),
        ]);
        const app = assemble(routes, notFound, (app) => {
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
        });
        return { app, notFound };
      },
      (error: unknown) => {
        whole = undefined; // tried again on the next request
        throw error;
      },
    ));
  const notFoundOfWholeApi: NotFound = async (c) => (await wholeApi()).notFound(c);

  const withoutRoutes = assemble([], notFoundOfWholeApi);
  const groups = new Map<string, Promise<OpenAPIHono<ApiEnv>>>();
  const groupApp = (group: string) => {
    let app = groups.get(group);
    if (!app) {
      app = routeSets.group(group).then((routes) => assemble(routes, notFoundOfWholeApi));
      app.catch(() => groups.delete(group)); // tried again on the next request
      groups.set(group, app);
    }
    return app;
  };
  const appFor = async (path: string): Promise<Hono<ApiEnv>> => {
    if (path === '/v1/openapi.json') return (await wholeApi()).app;
    const group = routeGroupFor(path);
    return group === undefined ? withoutRoutes : groupApp(group);
  };

  const answer = async (c: Context<ApiEnv>) => {
    let executionCtx: Context['executionCtx'] | undefined;
    try {
      executionCtx = c.executionCtx;
    } catch {
      // none under Lambda or in tests
    }
    return (await appFor(c.req.path)).fetch(c.req.raw, c.env, executionCtx);
  };
  const api = new Hono<ApiEnv>();
  for (const path of ['/v1', '/v1/*', '/console', '/console/*']) api.all(path, answer);
  api.notFound(answer);
  api.onError(onError);
  return api;
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
