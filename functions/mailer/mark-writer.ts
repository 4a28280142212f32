// Writes 'sent' marks as soon as SES accepts each message, gathered: with no write in flight a mark
// goes at once (alone when sends trickle in); while one is in flight the marks arriving meanwhile
// wait for it and go together in the next (up to 25 to a BatchWriteItem), and a further write
// starts early only for a full 25 (at most 4 in flight). So a mark waits at most about one write's
// round trip longer, and at a steady rate each write carries what arrived during the one before:
// measured with bench/mail-rate.ts at 500 a second, 0.53 BatchWriteItem calls a mail when every
// free write slot took what was queued (about two marks a call), each call costing the SDK's whole
// per-request work. Each mark's promise settles when it is durable, so a record is reported done
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

export class MarkWriter {
  private readonly queue: Waiting[] = [];
  private writing = 0;

  constructor(
    private readonly ledger: SendLedgerRepository,
    private readonly now: () => string,
  ) {}

  write(mark: SentMark): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ mark, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && (this.writing === 0 || (this.writing < MAX_WRITES_IN_FLIGHT && this.queue.length >= MARKS_PER_WRITE))) {
      const batch = this.queue.splice(0, MARKS_PER_WRITE);
      this.writing++;
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
          this.pump();
        });
    }
  }
}
