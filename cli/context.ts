// What every command gets: the API client (built on first use from the configuration, so
// `help`, `completion` and `login` need none), output helpers that honour --json, colours and
// the terminal, and whether prompts may be shown.
import type { Command } from 'commander';
import { HeraldClient } from './api-client';
import { resolveConnection, type Connection } from './config';
import { colourWanted, paint, type Paint } from './output/colour';

type Env = Record<string, string | undefined>;

export interface CliIo {
  env: Env;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: { isTTY?: boolean };
}

export interface CliContext {
  env: Env;
  /** Where Herald is and the key (throws a CliError when there is none). */
  connection(): Connection;
  /** The /v1 client for that connection (read at its first request, so never throws itself). */
  client(): HeraldClient;
  /** stdin and stdout are both terminals: a command may prompt for what is missing. */
  interactive: boolean;
  /** Colours for stdout (plain text when not a terminal or NO_COLOR is set). */
  paint: Paint;
  /** True when the command (or the program) was given --json. */
  wantsJson(command: Command): boolean;
  /** A line (or lines) on stdout. */
  print(text: string): void;
  /** The API's answer as JSON on stdout. */
  printJson(value: unknown): void;
  /** A line on stderr: progress, warnings, what was done. */
  note(text: string): void;
  /** The clock for relative phrases ("in 12 min"); never used for anything sent to the API. */
  now(): Date;
}

export function processIo(): CliIo {
  return { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

export function createContext(io: CliIo): CliContext {
  let connection: Connection | undefined;
  let client: HeraldClient | undefined;
  const ctx: CliContext = {
    env: io.env,
    connection: () => (connection ??= resolveConnection(io.env)),
    client: () => (client ??= new HeraldClient(() => ctx.connection())),
    interactive: Boolean(io.stdin.isTTY && io.stdout.isTTY),
    paint: paint(colourWanted(Boolean(io.stdout.isTTY), io.env)),
    wantsJson: (command) => Boolean(command.optsWithGlobals().json),
    print: (text) => void io.stdout.write(`${text}\n`),
    printJson: (value) => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    note: (text) => void io.stderr.write(`${text}\n`),
    now: () => new Date(),
  };
  return ctx;
}
