// GET /v1/metrics?from=&to=: incidents by severity and component, time to first public update and
// to resolve (median, p90) by severity, maintenance minutes, uptime per component.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { readIncidentsPerMonth } from '#app/metrics/read-incidents-per-month';
import { readMetrics } from '#app/metrics/read-metrics';
import { SEVERITIES } from '#core/severity';
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

const IncidentsPerMonthSchema = z
  .object({
    from: z.string().openapi({ format: 'date-time' }),
    to: z.string().openapi({ format: 'date-time' }),
    months: z.array(
      z.object({
        month: z.string().openapi({ example: '2026-11', description: 'The UTC calendar month.' }),
        incidents: z.number(),
        by_severity: z.record(z.enum(SEVERITIES), z.number()),
      }),
    ),
  })
  .openapi('IncidentsPerMonth');

const perMonth = createRoute({
  method: 'get', path: '/incidents-per-month', summary: 'Incidents declared per UTC calendar month over a window', security: bearer,
  description: 'Every month [from, to) touches, oldest first, zero when none; incidents counted by when they were declared, as in /v1/metrics.',
  request: { query: MetricsQuery },
  responses: { 200: { description: 'Counts by month', content: json(IncidentsPerMonthSchema) }, ...errors(400, 401) },
});

export function metricsRoutes(deps: AppDeps) {
  return router()
    .openapi(metrics, async (c) => c.json(await readMetrics(deps, c.req.valid('query')), 200))
    .openapi(perMonth, async (c) => c.json(await readIncidentsPerMonth(deps, c.req.valid('query')), 200));
}
