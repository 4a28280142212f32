// A batch's tally for the mail receipts (GET /v1/incidents/{id}/updates/{seq}/deliveries): how
// many of its recipients SES accepted a mail for, refused for good, had no mail due, or still wait.
//
// After a first, uninterrupted try that completed, the delivery's own outcome says it. Otherwise
// (entries settled by an earlier try or another sender, recipients with no mail due now — one may
// have been mailed on an earlier try and left since —, or a try that didn't finish) the ledger is
// read for every recipient: the tally counts what happened, not what this try did, so a replay
// writes the same one.
import type { BatchTally, NotificationBatch } from '#app/notifications/notification';
import type { SendLedgerRepository } from '#app/ports/store';
import type { DeliveryOutcome } from './deliver';

/** The ledger key of a recipient's notification mail (send-batch.ts builds its jobs with it). */
export const notificationLedgerKey = (notificationId: string, subscriberId: string) => `${notificationId}#${subscriberId}`;

/** `due`: the recipients a mail was due to on this try (the others left, were suppressed or filtered out). */
export async function tallyBatch(
  ledger: SendLedgerRepository,
  batch: NotificationBatch,
  due: ReadonlySet<string>,
  outcome: DeliveryOutcome,
): Promise<BatchTally> {
  const total = batch.recipients.length;
  if (outcome.complete && outcome.skipped === 0 && due.size === total) {
    return { sent: outcome.sent, failed: outcome.rejected, skipped: 0, pending: 0 };
  }
  const entries = await ledger.read(batch.recipients.map((id) => notificationLedgerKey(batch.notification_id, id)));
  const tally: BatchTally = { sent: 0, failed: 0, skipped: 0, pending: 0 };
  for (const id of batch.recipients) {
    const state = entries.get(notificationLedgerKey(batch.notification_id, id))?.state;
    if (state === 'sent') tally.sent++;
    else if (state === 'rejected') tally.failed++;
    else if (due.has(id)) tally.pending++;
    else tally.skipped++;
  }
  return tally;
}
