// The incident screens: the list, Declare (before /incidents/:id, which would take "new") and Incident.
import { Hono } from 'hono';
import type { ConsoleDeps } from '../../deps';
import type { ConsoleEnv } from '../../env';
import { declareRoutes } from './declare';
import { incidentRoutes } from './incident';
import { listRoutes } from './list';

export function incidentScreens(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.route('/', listRoutes(deps));
  app.route('/', declareRoutes(deps));
  app.route('/', incidentRoutes(deps));
  return app;
}
