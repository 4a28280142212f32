// The local stack's stand-in for SES event publishing: for every mail the SES stand-in accepted,
// the event SES would put on EventBridge for it — "Email Delivered", or for the SES mailbox
// simulator's addresses a permanent bounce (bounce@simulator.amazonses.com) or a complaint
// (complaint@simulator.amazonses.com) — in the documented shape (event publishing records, with the
// mail's tags), handed to the same bounce handler as on AWS. So the receipts of an update
// (delivered / bounced / complained) and the suppressions work on one machine too.
// https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html#send-email-simulator
import type { SentMessage } from './ses-sent-messages';

export const SIMULATOR_BOUNCE = 'bounce@simulator.amazonses.com';
export const SIMULATOR_COMPLAINT = 'complaint@simulator.amazonses.com';

/** The EventBridge events SES would publish for one accepted message, one per recipient. */
export function sesEventsFor(message: SentMessage, at: string): unknown[] {
  const tags = Object.fromEntries(Object.entries(message.tags ?? {}).map(([name, value]) => [name, [value]]));
  const recipients = message.destinations.length > 0 ? message.destinations : [];
  return recipients.map((recipient) => {
    const address = recipient.toLowerCase();
    const mail = { timestamp: at, messageId: message.messageId, destination: [recipient], tags };
    if (address === SIMULATOR_BOUNCE) {
      return envelope('Email Bounced', {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: recipient, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
          timestamp: at,
          feedbackId: `local-${message.messageId}-bounce`,
        },
        mail,
      }, at);
    }
    if (address === SIMULATOR_COMPLAINT) {
      return envelope('Email Complaint Received', {
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: recipient }], timestamp: at, feedbackId: `local-${message.messageId}-complaint`, complaintFeedbackType: 'abuse' },
        mail,
      }, at);
    }
    return envelope('Email Delivered', {
      eventType: 'Delivery',
      delivery: { timestamp: at, processingTimeMillis: 1, recipients: [recipient], smtpResponse: '250 2.6.0 Message received', reportingMTA: 'localhost' },
      mail,
    }, at);
  });
}

function envelope(detailType: string, detail: object, at: string) {
  return { version: '0', id: `local-${Math.random().toString(36).slice(2)}`, 'detail-type': detailType, source: 'aws.ses', time: at, region: 'local', resources: [], detail };
}
