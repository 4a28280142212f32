// SES's delivery events about a notification's mails, counted on the notification: delivered,
// bounced, complained (the receipts of GET /v1/incidents/{id}/updates/{seq}/deliveries). Each
// (message, kind) counts once, however often the event is delivered.
import type { MailReceiptKind, Store } from '../ports/store';

export interface MailReceipt {
  kind: MailReceiptKind;
  /** The notification the mail belonged to (its `herald-notification` tag). */
  notificationId: string;
  /** SES's message id. */
  messageId: string;
}

/** True when it was counted now; false for a repeat, or a notification no longer kept. */
export async function recordReceipt(deps: { store: Store; now: () => string }, receipt: MailReceipt): Promise<boolean> {
  return deps.store.notifications.countReceipt(receipt.notificationId, receipt.kind, receipt.messageId, deps.now());
}
