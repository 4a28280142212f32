// The one table of which API key scope each authenticated /v1 route needs (public routes need no
// key and are decided before this; see app.ts). One scope per route: reads (GET, HEAD) need the
// row's `read` scope, every other method its `write` scope. `admin` implies every scope
// (core/api-key-scopes.ts). A route under no row needs `admin`: a new route is closed to narrow
// keys until it is given a row here (test/api/key-scopes.test.ts checks that every documented
// route has one).
import type { ApiKeyScope } from '#core/api-key-scopes';

export interface RouteScopeRule {
  /** A path and everything under it: `/v1/incidents` covers `/v1/incidents/{id}/updates`. A
   *  `{name}` segment stands for any one segment. The first row that covers a path decides it. */
  path: string;
  /** Only the path itself, not what is under it. */
  exact?: boolean;
  read: ApiKeyScope;
  write: ApiKeyScope;
}

export const ROUTE_SCOPES: readonly RouteScopeRule[] = [
  // Incidents with their updates, roles, postmortem, postmortem draft and internal timeline.
  { path: '/v1/incidents', read: 'read', write: 'incidents' },
  { path: '/v1/maintenances', read: 'read', write: 'incidents' },
  { path: '/v1/postmortems', read: 'read', write: 'incidents' },
  { path: '/v1/components', read: 'read', write: 'admin' },
  { path: '/v1/metrics', read: 'read', write: 'admin' },
  // Filling a template in changes nothing: whoever may read templates may render them.
  { path: '/v1/templates/{id}/render', exact: true, read: 'read', write: 'read' },
  { path: '/v1/templates', read: 'read', write: 'admin' },
  // Webhook, Slack and Teams endpoints: responders add and manage them, as they run incidents.
  { path: '/v1/webhooks', read: 'read', write: 'incidents' },
  // Addresses are personal data: listing, importing, exporting and removing all need the scope.
  { path: '/v1/subscribers', read: 'subscribers', write: 'subscribers' },
  { path: '/v1/people', read: 'admin', write: 'admin' },
  { path: '/v1/api-keys', read: 'admin', write: 'admin' },
  { path: '/v1/sessions', read: 'admin', write: 'admin' },
  // Moving in and out: every record, subscribers' addresses included.
  { path: '/v1/imports', read: 'admin', write: 'admin' },
  { path: '/v1/exports', read: 'admin', write: 'admin' },
];

/** What an unlisted route needs. */
export const UNLISTED_ROUTE_SCOPE: ApiKeyScope = 'admin';

const isRead = (method: string) => {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD';
};

const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

const MATCHERS = ROUTE_SCOPES.map((rule) => {
  const source = rule.path
    .split('/')
    .map((segment) => (/^\{[^/]+\}$/.test(segment) ? '[^/]+' : escape(segment)))
    .join('/');
  return { rule, pattern: new RegExp(`^${source}${rule.exact ? '/?' : '(?:/.*)?'}$`) };
});

/** The row that decides this path, if any. */
export function routeScopeRule(path: string): RouteScopeRule | undefined {
  return MATCHERS.find(({ pattern }) => pattern.test(path))?.rule;
}

/** The scope a request to this authenticated route needs. */
export function requiredScope(method: string, path: string): ApiKeyScope {
  const rule = routeScopeRule(path);
  if (!rule) return UNLISTED_ROUTE_SCOPE;
  return isRead(method) ? rule.read : rule.write;
}

interface RouteDefinitions {
  definitions: ReadonlyArray<{ type: string; route?: { method: string; path: string; security?: Array<Record<string, string[]>> } }>;
}

/** Names each authenticated route's scope in the OpenAPI document, as OpenAPI 3.1 allows for a
 *  bearer scheme (`security: [{bearer: ['incidents']}]`). Call after the routes are mounted. */
export function documentRouteScopes(registry: RouteDefinitions): void {
  for (const definition of registry.definitions) {
    const route = definition.type === 'route' ? definition.route : undefined;
    if (!route?.security?.some((requirement) => 'bearer' in requirement)) continue;
    route.security = [{ bearer: [requiredScope(route.method, route.path)] }];
  }
}
