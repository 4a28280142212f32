// Every console screen beyond Now, sign-in and the account, each one module with its routes.
import type { Hono } from 'hono';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { metricsRoutes } from './metrics';
import { peopleRoutes } from './people';
import { componentRoutes } from './components';
import { maintenanceRoutes } from './maintenance';
import { subscriberRoutes } from './subscribers';
import { templateRoutes } from './templates';
import { incidentScreens } from './incidents/index';

export const CONSOLE_SCREENS: ReadonlyArray<(deps: ConsoleDeps) => Hono<ConsoleEnv>> = [
  metricsRoutes,
  peopleRoutes,
  maintenanceRoutes,
  componentRoutes,
  subscriberRoutes,
  templateRoutes,
  incidentScreens,
];
