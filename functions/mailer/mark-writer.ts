// Writes 'sent' marks as soon as SES accepts each message, gathered: with no write in flight a mark
// goes at once (alone when sends trickle in) unless the last write started under GATHER_MS ago,
// then it goes when that much has passed, with the marks that arrived meanwhile; while a write is
// in flight the marks arriving meanwhile wait for it and go together in the next (up to 25 to a
// BatchWriteItem), and a further write starts early only for a full 25 (at most 4 in flight). So
// a mark waits at most about one write's round trip (or GATHER_MS; GATHER_MORE_MS while the send
// pool has sends under way whose marks are still to come) longer, and at a steady rate a
// write carries what arrived since the one before: measured with bench/mail-rate.ts at 500 a
// second, 0.53 BatchWriteItem calls a mail when every free write slot took what was queued (about
// two marks a call), 0.36 gathering behind the write in flight alone on a quiet DynamoDB Local,
// each call costing the SDK's whole per-request work. Each mark's promise settles when it is durable, so a record is reported done
// only once every one of its marks is (and the send pool holds the send's place until then).
import type { SendLedgerRepository } from '#app/ports/store';

export interface SentMark {
  key: string;
  owner: string;
  messageId: string;
}

interface Waiting {
  mark: SentMark;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_WRITES_IN_FLIGHT = 4;
const MARKS_PER_WRITE = 25;
/** The least time between two writes' starts, short of a full 25 (the send pool's places wait on it). */
export const GATHER_MS = 15;
/** The same while more marks are on their way (sends in flight whose marks are not queued yet). */
export const GATHER_MORE_MS = 60;

export class MarkWriter {
  private readonly queue: Waiting[] = [];
  private writing = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Marks in the writes under way. */
  private marksWriting = 0;

  /**
   * `sendsInFlight`: the send pool's sends under way, each holding its place until its mark is
   * durable; more of those than marks queued and being written means more marks are on their way,
   * and a write short of 25 waits up to `gatherMoreMs` after the last one started instead of `gatherMs`.
   */
  constructor(
    private readonly ledger: SendLedgerRepository,
    private readonly now: () => string,
    private readonly gatherMs = GATHER_MS,
    private readonly sendsInFlight: () => number = () => 0,
    private readonly gatherMoreMs = GATHER_MORE_MS,
  ) {}

  write(mark: SentMark): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ mark, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const full = this.queue.length >= MARKS_PER_WRITE;
      if (this.queue.length === 0 || (this.writing > 0 && !full) || this.writing >= MAX_WRITES_IN_FLIGHT) return;
      const moreComing = this.sendsInFlight() > this.queue.length + this.marksWriting;
      const wait = this.lastStart + (moreComing ? Math.max(this.gatherMs, this.gatherMoreMs) : this.gatherMs) - performance.now();
      if (!full && wait > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const batch = this.queue.splice(0, MARKS_PER_WRITE);
      this.writing++;
      this.marksWriting += batch.length;
      this.lastStart = performance.now();
      this.ledger
        .markSent(
          batch.map((waiting) => waiting.mark),
          this.now(),
        )
        .then(
          () => batch.forEach((waiting) => waiting.resolve()),
          (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          this.writing--;
          this.marksWriting -= batch.length;
          this.pump();
        });
    }
  }
}
