// `herald`: builds the program from cli/commands, runs it, and turns every failure into its exit
// code (0 ok, 1 refused by the API, 2 usage, 3 cannot reach).
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index';
import { createContext, processIo, type CliContext, type CliIo } from './context';
import { ApiRefusedError, CliError, EXIT } from './errors';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('herald')
    .description('Drive a Herald status page through its /v1 API (HERALD_URL + HERALD_API_KEY, herald login, or the running local stack).')
    .option('--json', "print the API's answer as JSON")
    .exitOverride()
    .showHelpAfterError('(herald --help lists the commands)')
    .configureOutput({ writeOut: (text) => ctx.print(text.trimEnd()), writeErr: (text) => ctx.note(text.trimEnd()) });
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const ctx = createContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(error, ctx, program);
  }
}

function report(error: unknown, ctx: CliContext, program: Command): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ApiRefusedError && program.opts().json) ctx.printJson(error.problem);
  if (error instanceof CliError) {
    ctx.note(`herald: ${error.message}`);
    return error.exitCode;
  }
  ctx.note(`herald: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.refused;
}
