// What the mailer needs from a mail service (SES on AWS and locally, through its stand-in).

export interface OutgoingMail {
  /** The whole RFC 5322 message, as composed by compose.ts. */
  raw: Uint8Array;
  /** The one envelope recipient. */
  to: string;
  /** Message tags (SES: letters, digits, `_ - . @` only), echoed in bounce and complaint events. */
  tags: Record<string, string>;
}

export interface MailSender {
  /** Resolves with the service's message id once it accepted the message; throws a SendFailure. */
  send(mail: OutgoingMail): Promise<string>;
}

/**
 * Why a send failed, which decides what the ledger does with the claim:
 * - throttled: SES said slow down; nothing was sent; back off and try again.
 * - quota: the daily quota is used up; nothing was sent; try again much later.
 * - rejected: SES refused this message for good (MessageRejected); nothing was sent; never retried.
 * - refused: SES refused the request for a reason that is not this message (sending paused, a
 *   missing configuration set, credentials); nothing was sent; the claim is released for a retry.
 * - unknown: no usable answer (network error, timeout, 5xx): SES may have sent it. The claim is
 *   kept until its lease runs out, then the mail is sent again (the at-least-once edge).
 */
export type SendFailureKind = 'throttled' | 'quota' | 'rejected' | 'refused' | 'unknown';

export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SendFailure';
  }
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface MailerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const jsonLog: MailerLog = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', component: 'mailer', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', component: 'mailer', message, ...fields })),
};
