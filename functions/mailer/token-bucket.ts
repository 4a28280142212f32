// Paces sends at a rate (GCRA: a bucket of `burst` tokens refilled at `rate` a second). Every
// caller reserves its slot in order, so a crowd of waiters drains exactly at the rate.
import type { Clock } from './ports';

export class TokenBucket {
  /** When the next token is due, epoch ms ("theoretical arrival time"). */
  private due = 0;

  constructor(
    private rate: number,
    private burst: number,
    private readonly clock: Clock,
  ) {}

  get currentRate(): number {
    return this.rate;
  }

  get currentBurst(): number {
    return this.burst;
  }

  /** A new rate (and, given, a new burst: how many may start at once after a pause in demand). */
  setRate(rate: number, burst = this.burst): void {
    this.rate = Math.max(0.1, rate);
    this.burst = Math.max(1, Math.floor(burst));
  }

  /** Waits until one more send may start. */
  async take(): Promise<void> {
    const interval = 1000 / this.rate;
    const now = this.clock.now();
    const due = Math.max(this.due, now);
    const wait = due - (this.burst - 1) * interval - now;
    this.due = due + interval;
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** Nobody starts before `ms` from now (SES asked us to slow down). */
  pause(ms: number): void {
    this.due = Math.max(this.due, this.clock.now() + ms + (this.burst - 1) * (1000 / this.rate));
  }
}
