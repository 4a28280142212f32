// Every /v1 route set, in the order the API mounts it, each loaded on first use: a Lambda cold
// start evaluates none of the routes, their schemas or their use cases (bench:bundle), and a
// request loads only its group's (the sets under its path's first segment after /v1). The whole
// list is loaded for the OpenAPI document and for a 404 or 405 (which name every route).
// app.ts assembles the apps; test/api/lazy-routes.test.ts checks that every exported route set is
// here and that each documented route answers from its group as from the whole API.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppDeps } from '#app/deps';
import type { SubscriptionDeps } from '#app/subscriptions/deps';
import type { ApiEnv } from './env';

type RouteSet = OpenAPIHono<ApiEnv, Schema, string>;

export interface RouteSetEntry {
  /** Where it is mounted. */
  path: string;
  /** The route module's exported constructor (e.g. incidentRoutes). */
  load: () => Promise<(deps: SubscriptionDeps) => RouteSet>;
  /** Given the subscription deps (the app's deps and the tokens) instead of the app's deps. */
  subscriptions?: true;
}

/** In the order they are mounted: the OpenAPI document lists the routes in this order. */
export const ROUTE_SETS: readonly RouteSetEntry[] = [
  { path: '/v1/health', load: () => import('./routes/health').then((m) => m.healthRoutes) },
  { path: '/v1/components', load: () => import('./routes/components').then((m) => m.componentRoutes) },
  { path: '/v1/incidents', load: () => import('./routes/incidents').then((m) => m.incidentRoutes) },
  { path: '/v1/incidents', load: () => import('./routes/timeline').then((m) => m.timelineRoutes) },
  { path: '/v1/incidents', load: () => import('./routes/postmortems').then((m) => m.postmortemDraftRoutes) },
  { path: '/v1/postmortems', load: () => import('./routes/postmortems').then((m) => m.postmortemRoutes) },
  { path: '/v1/metrics', load: () => import('./routes/metrics').then((m) => m.metricsRoutes) },
  { path: '/v1/maintenances', load: () => import('./routes/maintenances').then((m) => m.maintenanceRoutes) },
  { path: '/v1/templates', load: () => import('./routes/templates').then((m) => m.templateRoutes) },
  { path: '/v1/webhooks', load: () => import('./routes/webhooks').then((m) => m.webhookRoutes) },
  { path: '/v1/webhooks', load: () => import('./routes/channel-deliveries').then((m) => m.endpointAttemptRoutes) },
  { path: '/v1/incidents', load: () => import('./routes/channel-deliveries').then((m) => m.updateDeliveryRoutes) },
  { path: '/v1/people', load: () => import('./routes/people').then((m) => m.peopleRoutes) },
  { path: '/v1/sessions', load: () => import('./routes/sessions').then((m) => m.sessionRoutes) },
  { path: '/v1/api-keys', load: () => import('./routes/api-keys').then((m) => m.apiKeyRoutes) },
  { path: '/v1/imports', load: () => import('./routes/imports').then((m) => m.importRoutes) },
  { path: '/v1/exports', load: () => import('./routes/exports').then((m) => m.exportRoutes) },
  { path: '/v1/subscriptions/webhooks', load: () => import('./routes/webhook-subscriptions').then((m) => m.webhookSubscriptionRoutes), subscriptions: true },
  { path: '/v1/subscriptions', load: () => import('./routes/subscriptions').then((m) => m.subscriptionRoutes), subscriptions: true },
  { path: '/v1/subscribers', load: () => import('./routes/subscribers').then((m) => m.subscriberRoutes), subscriptions: true },
];

/** A path's group: `/v1/<first segment>`, the prefix every route under it is mounted below. */
export function routeGroupOf(path: string): string | undefined {
  const match = /^\/v1\/([^/]+)/.exec(path);
  return match ? `/v1/${match[1]}` : undefined;
}

const GROUPS = new Set(ROUTE_SETS.map((set) => routeGroupOf(set.path)!));

/** The group a request path belongs to, if any route set is mounted under it. */
export function routeGroupFor(path: string): string | undefined {
  const group = routeGroupOf(path);
  return group !== undefined && GROUPS.has(group) ? group : undefined;
}

export type MountedRouteSet = readonly [path: string, routes: RouteSet];

/**
 * Loads and builds the route sets for one app's deps, each once: the apps that mount a set (its
 * group's and the whole API's) share the one built, and so its handlers and whatever they keep.
 */
export function routeSetLoader(deps: AppDeps, subscriptionDeps: SubscriptionDeps) {
  const built = new Map<RouteSetEntry, Promise<RouteSet>>();
  const build = (entry: RouteSetEntry) => {
    let routes = built.get(entry);
    if (!routes) {
      routes = entry.load().then((create) => create(entry.subscriptions ? subscriptionDeps : (deps as SubscriptionDeps)));
      routes.catch(() => built.delete(entry)); // tried again on the next request
      built.set(entry, routes);
    }
    return routes;
  };
  const mount = (entries: readonly RouteSetEntry[]): Promise<MountedRouteSet[]> =>
    Promise.all(entries.map(async (entry) => [entry.path, await build(entry)] as const));
  return {
    /** The sets of one group, in mounting order. */
    group: (group: string) => mount(ROUTE_SETS.filter((set) => routeGroupOf(set.path) === group)),
    /** Every set, in mounting order. */
    all: () => mount(ROUTE_SETS),
  };
}
