// Asking for what a command is missing: with @clack/prompts when stdin and stdout are terminals,
// otherwise a usage error naming the argument (exit 2) — never a prompt nobody can answer.
import type * as Clack from '@clack/prompts';
import type { CliContext } from './context';
import { UsageError } from './errors';

export interface Choice<T> {
  value: T;
  label: string;
  hint?: string;
}

/** The value given on the command line, else a prompt, else a usage error naming `flag`. */
export class Asker {
  constructor(
    private readonly ctx: CliContext,
    private readonly command: string,
  ) {}

  /** Fails at once, naming every missing flag, when no prompt can be shown. */
  requireAll(missing: Record<string, unknown>): void {
    if (this.ctx.interactive) return;
    const names = Object.entries(missing).filter(([, value]) => value === undefined || value === '').map(([flag]) => flag);
    if (names.length > 0) {
      throw new UsageError(`${this.command}: missing ${names.join(', ')} (no terminal to ask on; give ${names.length > 1 ? 'them' : 'it'} as options)`);
    }
  }

  async text(flag: string, given: string | undefined, message: string, initialValue?: string): Promise<string> {
    if (given !== undefined && given !== '') return given;
    this.mustPrompt(flag);
    const clack = await loadClack();
    const answer = await clack.text({
      message,
      initialValue,
      validate: (value) => (value && value.trim() ? undefined : 'Required'),
    });
    return settled(clack, answer).trim();
  }

  async select<T>(flag: string, given: T | undefined, message: string, choices: Choice<T>[], initialValue?: T): Promise<T> {
    if (given !== undefined) return given;
    this.mustPrompt(flag);
    const clack = await loadClack();
    return settled<T>(clack, await clack.select<T>({ message, options: choices as Clack.Option<T>[], initialValue }));
  }

  async multiselect<T>(message: string, choices: Choice<T>[]): Promise<T[]> {
    if (!this.ctx.interactive || choices.length === 0) return [];
    const clack = await loadClack();
    return settled<T[]>(clack, await clack.multiselect<T>({ message, options: choices as Clack.Option<T>[], required: false }));
  }

  private mustPrompt(flag: string): void {
    if (!this.ctx.interactive) throw new UsageError(`${this.command}: missing ${flag} (no terminal to ask on)`);
  }
}

/** Loaded on first prompt: most runs never ask anything. */
const loadClack = () => import('@clack/prompts');

function settled<T>(clack: typeof Clack, answer: T | symbol): Exclude<T, symbol> {
  if (typeof answer === 'symbol' || clack.isCancel(answer)) {
    clack.cancel('Cancelled; nothing was sent.');
    throw new UsageError('cancelled; nothing was sent');
  }
  return answer as Exclude<T, symbol>;
}
