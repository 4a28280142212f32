import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../env';

const health = createRoute({
  method: 'get',
  path: '/',
  summary: 'Liveness check (public)',
  responses: { 200: { description: 'The API is up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
});

export function healthRoutes() {
  return new OpenAPIHono<ApiEnv>().openapi(health, (c) => c.json({ status: 'ok' as const }, 200));
}
