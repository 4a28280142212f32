// Every console screen beyond Now, sign-in and the account, each one module with its routes.
import type { Hono } from 'hono';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';

export const CONSOLE_SCREENS: ReadonlyArray<(deps: ConsoleDeps) => Hono<ConsoleEnv>> = [];
