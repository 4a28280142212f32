// Writes 'sent' marks as soon as SES accepts each message: alone when sends trickle in, up to 25 to
// a BatchWriteItem when they pour in, a few writes in flight at once. Each mark's promise settles
// when it is durable, so a record is reported done only once every one of its marks is.
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
    while (this.writing < MAX_WRITES_IN_FLIGHT && this.queue.length > 0) {
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
