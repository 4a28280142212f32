// The CLI's failures, each with its exit code: 1 the API refused (its problem+json detail is
// printed), 2 usage (a missing or malformed argument), 3 Herald could not be reached.

export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3 } as const;

export class CliError extends Error {
  readonly exitCode: number = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A missing or malformed argument, or a prompt that can't be shown (exit 2). */
export class UsageError extends CliError {
  override readonly exitCode = EXIT.usage;
}

/** An RFC 9457 problem, as every /v1 error is answered. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

/** The API answered with an error status (exit 1). */
export class ApiRefusedError extends CliError {
  override readonly exitCode = EXIT.refused;
  constructor(readonly problem: Problem) {
    super(problemText(problem));
  }
}

/** No answer: connection refused, DNS, timeout, not Herald (exit 3). */
export class UnreachableError extends CliError {
  override readonly exitCode = EXIT.unreachable;
}

export function problemText(problem: Problem): string {
  const head = `${problem.status} ${problem.title ?? 'Error'}${problem.detail ? `: ${problem.detail}` : ''}`;
  const fields = (problem.errors ?? []).map((e) => `  ${e.path}: ${e.message}`);
  return [head, ...fields].join('\n');
}
