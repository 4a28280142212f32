// Process death, simulated: once `crash()` has been called, every call the dead mailer makes to
// its store or to SES fails, as if the process were gone (what it started before then may still
// land, as it would). Only for faults no stand-in can produce: a crash between two calls.
import type { Store } from '#app/ports/store';
import type { MailSender } from '#mailer/ports';

export class CrashError extends Error {
  constructor() {
    super('the mailer process died');
    this.name = 'CrashError';
  }
}

export interface Crashable {
  store: Store;
  sender: MailSender;
  crash(): never;
  readonly crashed: boolean;
  /** Called before each store call (`repository.method`) and each send ('ses.send'); may call
   *  crash() (the call never happens) or answer 'crash-after' (it happens, then the process dies). */
  before?: (call: string, args: unknown[]) => void | 'crash-after';
}

export function crashable(store: Store, sender: MailSender): Crashable {
  const state: Crashable = {
    crashed: false,
    crash(): never {
      (state as { crashed: boolean }).crashed = true;
      throw new CrashError();
    },
    store: undefined as unknown as Store,
    sender: undefined as unknown as MailSender,
  };
  const guard = (call: string, args: unknown[]) => {
    if (state.crashed) throw new CrashError();
    if (state.before?.(call, args) === 'crash-after') (state as { crashed: boolean }).crashed = true;
  };
  state.store = Object.fromEntries(
    Object.entries(store).map(([name, repository]) => [
      name,
      Object.fromEntries(
        Object.entries(repository as Record<string, (...args: unknown[]) => Promise<unknown>>).map(([method, fn]) => [
          method,
          async (...args: unknown[]) => {
            guard(`${name}.${method}`, args);
            const result = await fn(...args);
            if (state.crashed) throw new CrashError(); // it landed, but nobody is left to hear it
            return result;
          },
        ]),
      ),
    ]),
  ) as unknown as Store;
  state.sender = {
    async send(mail) {
      guard('ses.send', [mail]);
      const id = await sender.send(mail);
      if (state.crashed) throw new CrashError();
      return id;
    },
  };
  return state;
}
