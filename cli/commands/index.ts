// Every `herald` command, in the order `herald --help` lists them.
//
// To add a command: write cli/commands/<name>.ts exporting
//   export function registerName(program: Command, ctx: CliContext): void {
//     program.command('name').description('…').action(async (options, command) => {
//       const answer = await ctx.client().get('/things');            // HTTP to /v1 only
//       if (ctx.wantsJson(command)) return ctx.printJson(answer);      // --json is global
//       ctx.print(table(answer, [...]));                               // cli/output/*
//     });
//   }
// then add one import line below and one entry to COMMANDS. Throw UsageError (exit 2) for a bad
// or missing argument; the client throws ApiRefusedError (1) and UnreachableError (3) itself.
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerCompletion } from './completion';
import { registerComponents } from './components';
import { registerIncidents } from './incidents';
import { registerImport } from './import';
import { registerKeys } from './keys';
import { registerLogin } from './login';
import { registerMaintenance } from './maintenance';
import { registerPostmortem } from './postmortem';
import { registerStatus } from './status';
import { registerSubscribers } from './subscribers';
import { registerTemplates } from './templates';

export type Registrar = (program: Command, ctx: CliContext) => void;

export const COMMANDS: Registrar[] = [
  registerStatus,
  registerIncidents,
  registerComponents,
  registerMaintenance,
  registerTemplates,
  registerSubscribers,
  registerPostmortem,
  registerImport,
  registerKeys,
  registerLogin,
  registerCompletion,
];
