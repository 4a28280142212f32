// GET /v1/metrics?from=&to=: incidents by severity and component, time to first public update and
// to resolve (median, p90) by severity, maintenance minutes, uptime per component.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { readMetrics } from '#app/metrics/read-metrics';
import { MetricsQuery, MetricsSchema } from '../schemas';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const metrics = createRoute({
  method: 'get', path: '/', summary: 'Incident, maintenance and uptime metrics over a window', security: bearer,
  description:
    'Incidents declared in [from, to). Time to first public update: first update minus started_at; time to resolve: ' +
    'resolved_at minus started_at; median and p90 by linear interpolation. Maintenance minutes: time windows spent in ' +
    'progress within the window. Uptime: major outage counts whole, partial outage 0.3.',
  request: { query: MetricsQuery },
  responses: { 200: { description: 'Metrics', content: json(MetricsSchema) }, ...errors(400, 401) },
});

export function metricsRoutes(deps: AppDeps) {
  return router().openapi(metrics, async (c) => c.json(await readMetrics(deps, c.req.valid('query')), 200));
}
