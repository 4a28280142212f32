// Every send of one mailer process goes through here: at most `maxInFlight` requests at a time,
// paced by a token bucket at SES's maximum send rate (GetSendQuota's MaxSendRate). The bucket
// holds a quarter of a second of sends: a moment with nothing to send (the workers between two
// records, reading and claiming) is made up for right after it instead of lost for good, and the
// sends in any stretch of time stay within what SES's own bucket (one second of sends) lets
// through, with room for the requests' own jitter on the way. When SES says
// Throttling anyway (another process sends from the same account), the pool backs off for
// everyone, lowers its own rate by half and climbs back slowly, and retries the throttled send;
// nothing is sent twice, because a throttled send was not sent.
//
// A send keeps its place in the pool until what comes after it (the ledger's 'sent' mark, given as
// `after`) is done: so a mail SES has taken but whose mark is not yet durable counts as in flight,
// and when marks back up the pool stops starting sends. A process that dies leaves at most
// `maxInFlight` mails sent but unmarked (deliver.ts's at-least-once window), never a queue of them.
import { SendFailure, type Clock, type MailSender, type OutgoingMail } from './ports';
import { TokenBucket } from './token-bucket';

export interface SendPoolOptions {
  maxInFlight: number;
  clock: Clock;
  /** Give up on one message after being throttled for this long (its claim is then released). */
  maxThrottledMs?: number;
}

/** How many seconds of sends may start at once after a lull (SES allows one second's worth). */
export const BURST_SECONDS = 0.25;

export class SendPool {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly bucket: TokenBucket;
  private maxRate = 1;
  /** 0.05…1: how much of maxRate we use after SES throttled us. */
  private share = 1;

  constructor(
    private readonly sender: MailSender,
    private readonly options: SendPoolOptions,
  ) {
    this.bucket = new TokenBucket(1, 1, options.clock);
  }

  /** The account's maximum send rate (messages a second), read from GetSendQuota. */
  setMaxRate(rate: number): void {
    this.maxRate = Math.max(0.1, rate);
    this.pace();
  }

  /** The bucket at our share of the rate; no bursts while recovering from a throttle. */
  private pace(): void {
    const rate = this.maxRate * this.share;
    this.bucket.setRate(rate, this.share >= 1 ? rate * BURST_SECONDS : 1);
  }

  /** Sends holding a place (waiting for the rate, at SES, or waiting for their mark). */
  get sendsInFlight(): number {
    return this.inFlight;
  }

  get rate(): number {
    return this.bucket.currentRate;
  }

  get burst(): number {
    return this.bucket.currentBurst;
  }

  /**
   * Sends `mail` and resolves with SES's message id; the place in the pool is held until `after`
   * (called with that id once SES accepted) has settled too. `after` must not throw: a rejection
   * from here means the mail was not (or may not have been) sent.
   */
  async send(mail: OutgoingMail, after?: (messageId: string) => Promise<void>): Promise<string> {
    await this.acquire();
    try {
      const { clock } = this.options;
      const started = clock.now();
      for (let attempt = 1; ; attempt++) {
        await this.bucket.take();
        let id: string;
        try {
          id = await this.sender.send(mail);
          this.recover();
        } catch (error) {
          const throttled = error instanceof SendFailure && error.kind === 'throttled';
          if (!throttled || clock.now() - started > (this.options.maxThrottledMs ?? 60_000)) throw error;
          this.slowDown(attempt);
          continue;
        }
        if (after) await after(id);
        return id;
      }
    } finally {
      this.release();
    }
  }

  private slowDown(attempt: number): void {
    this.share = Math.max(0.05, this.share / 2);
    this.pace();
    const backoff = Math.min(10_000, 100 * 2 ** Math.min(attempt - 1, 7));
    this.bucket.pause(backoff / 2 + (Math.random() * backoff) / 2);
  }

  private recover(): void {
    if (this.share >= 1) return;
    this.share = Math.min(1, this.share + 0.02);
    this.pace();
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.options.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}
