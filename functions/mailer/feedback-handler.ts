// The bounce handler: SES bounce and complaint reports (EventBridge on AWS; SNS or SQS work too)
// turned into suppressions and transient-bounce counts. Idempotent: a redelivered event
// suppresses an address that is already suppressed, and a transient bounce is counted once per
// feedback id. Delivery events, permanent bounces and complaints of a notification's mails are
// also counted on the notification (its receipts), once per message and kind. A failure throws,
// so that EventBridge retries the event.
import { recordFeedback, type FeedbackDeps } from '#app/notifications/record-feedback';
import { recordReceipt } from '#app/notifications/record-receipt';
import { jsonLog, type MailerLog } from './ports';
import { feedbackOf, receiptOf, sesRecords } from './ses-feedback';

export interface FeedbackSummary {
  records: number;
  suppressed: number;
  transient: number;
  /** Delivery events, permanent bounces and complaints counted on their notification (receipts). */
  receipts: number;
}

export function createFeedbackHandler(deps: FeedbackDeps & { log?: MailerLog }) {
  const log = deps.log ?? jsonLog;
  return async (event: unknown): Promise<FeedbackSummary> => {
    const records = sesRecords(event);
    const summary: FeedbackSummary = { records: records.length, suppressed: 0, transient: 0, receipts: 0 };
    for (const feedback of records.flatMap(feedbackOf)) {
      await recordFeedback(deps, feedback);
      if (feedback.kind === 'transient_bounce') summary.transient++;
      else summary.suppressed++;
    }
    for (const receipt of records.map(receiptOf)) {
      if (receipt && (await recordReceipt(deps, receipt))) summary.receipts++;
    }
    if (records.length === 0) log.info('an event with no SES record in it; ignored');
    else log.info('SES feedback recorded', { ...summary });
    return summary;
  };
}
