// Reads SES's bounce and complaint reports from whichever envelope carries them: an EventBridge
// event (detail-type "Email Bounced" …, the SES record in `detail`), an SNS notification to
// Lambda (the record as a JSON string in Sns.Message), the same through SQS (in `body`), or the
// bare record. SES both as "notifications" (notificationType) and as configuration-set "event
// publishing" (eventType). SES adds fields as it likes: everything not read here is ignored.
import { z } from 'zod';
import type { Feedback } from '#app/notifications/record-feedback';
import type { MailReceipt } from '#app/notifications/record-receipt';

const Recipient = z.looseObject({
  emailAddress: z.string(),
  status: z.string().optional(),
  diagnosticCode: z.string().optional(),
});

const SesRecord = z.looseObject({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  mail: z
    .looseObject({
      messageId: z.string().optional(),
      // Event publishing: every tag the mail was sent with, as lists.
      tags: z.record(z.string(), z.array(z.string())).optional(),
    })
    .optional(),
  bounce: z
    .looseObject({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(Recipient).default([]),
      feedbackId: z.string().optional(),
    })
    .optional(),
  complaint: z
    .looseObject({
      complainedRecipients: z.array(Recipient).default([]),
      complaintFeedbackType: z.string().optional(),
      feedbackId: z.string().optional(),
    })
    .optional(),
});

/** Every SES record inside a Lambda event, whatever carried it. */
export function sesRecords(event: unknown, depth = 0): unknown[] {
  if (depth > 3 || event === null || typeof event !== 'object') return [];
  const e = event as Record<string, unknown>;
  if (Array.isArray(e.Records)) {
    return e.Records.flatMap((record: unknown) => {
      const r = record as { Sns?: { Message?: unknown }; body?: unknown };
      const payload = r?.Sns?.Message ?? r?.body;
      return typeof payload === 'string' ? sesRecords(parseJson(payload), depth + 1) : [];
    });
  }
  if (typeof e['detail-type'] === 'string' && e.detail && typeof e.detail === 'object') return [e.detail];
  // An SNS envelope delivered raw to SQS.
  if (e.Type === 'Notification' && typeof e.Message === 'string') return sesRecords(parseJson(e.Message), depth + 1);
  if (typeof e.notificationType === 'string' || typeof e.eventType === 'string') return [e];
  return [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** `Jane <jane@example.com>` or `jane@example.com` → `jane@example.com`. */
function bareAddress(value: string): string {
  return (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim();
}

/** The feedback a record carries: one entry per recipient it names (none for other kinds). */
export function feedbackOf(record: unknown): Feedback[] {
  const parsed = SesRecord.safeParse(record);
  if (!parsed.success) return [];
  const { bounce, complaint } = parsed.data;
  const kind = parsed.data.eventType ?? parsed.data.notificationType;
  if (kind === 'Bounce' && bounce) {
    // Permanent: the address does not exist or never will take our mail. Transient and
    // Undetermined: maybe tomorrow (a full mailbox, a greylist): counted, not suppressed.
    const permanent = bounce.bounceType === 'Permanent';
    return bounce.bouncedRecipients.map((r) => ({
      kind: permanent ? 'permanent_bounce' : 'transient_bounce',
      email: bareAddress(r.emailAddress),
      detail: [bounce.bounceType, bounce.bounceSubType, r.status, r.diagnosticCode].filter(Boolean).join(' ') || null,
      feedbackId: bounce.feedbackId ?? null,
    }));
  }
  if (kind === 'Complaint' && complaint) {
    return complaint.complainedRecipients.map((r) => ({
      kind: 'complaint',
      email: bareAddress(r.emailAddress),
      detail: complaint.complaintFeedbackType ?? null,
      feedbackId: complaint.feedbackId ?? null,
    }));
  }
  return [];
}

/** `incident.INC-20261127-0905.2` (send-batch.ts's tagValue of `incident#INC-20261127-0905#2`) → the notification id. */
export function notificationIdOfTag(tag: string): string | null {
  const match = /^(incident|maintenance)\.([A-Za-z0-9_@-][A-Za-z0-9_.@-]*)\.(\d+)$/.exec(tag);
  return match ? `${match[1]}#${match[2]}#${match[3]}` : null;
}

/** A receipt for a notification's mail: a delivery, a permanent bounce or a complaint (configuration-set
 *  event publishing carries the mail's tags; null for other mail, other events, or a transient bounce). */
export function receiptOf(record: unknown): MailReceipt | null {
  const parsed = SesRecord.safeParse(record);
  if (!parsed.success) return null;
  const { mail, bounce, complaint } = parsed.data;
  const tag = mail?.tags?.['herald-notification']?.[0];
  const notificationId = tag ? notificationIdOfTag(tag) : null;
  if (!notificationId || !mail?.messageId) return null;
  const kind = parsed.data.eventType ?? parsed.data.notificationType;
  if (kind === 'Delivery') return { kind: 'delivered', notificationId, messageId: mail.messageId };
  if (kind === 'Bounce' && bounce?.bounceType === 'Permanent') return { kind: 'bounced', notificationId, messageId: mail.messageId };
  if (kind === 'Complaint' && complaint) return { kind: 'complained', notificationId, messageId: mail.messageId };
  return null;
}
