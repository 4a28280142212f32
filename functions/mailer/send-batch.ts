// Sends one batch item of a notification: up to 50 recipients, each checked again now (a
// subscriber who left, was suppressed or changed their filter since planning gets nothing),
// then delivered through the ledger (deliver.ts).
import type { NotificationBatch } from '#app/notifications/notification';
import type { PageConfig } from '#config/config';
import { manageTokenFor } from '#app/subscriptions/manage-token';
import { filterMatches, type Subscriber } from '#app/subscriptions/subscriber';
import { compileMail, type CompiledMail, type MailFor } from './compiled-mail';
import { notificationLedgerKey, tallyBatch } from './batch-tally';
import type { DeliveryContext, DeliveryJob } from './deliver';
import { deliverInRounds, inRounds } from './deliver-rounds';
import type { MailerRuntime } from './runtime';
import type { RenderedMail } from './templates/notification-mail';

/** `Herald Status <herald.updates.status.example.com>` (RFC 2919). */
export function listId(page: { id: string; name: string; url: string }): string {
  const host = new URL(page.url).hostname;
  const label = `${page.id}.updates.${host}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return `${page.name.replace(/["\\<>\r\n]/g, '')} <${label}>`;
}

/** SES tag values allow letters, digits and `_ - . @`. */
export const tagValue = (text: string) => text.replace(/[^A-Za-z0-9_.@-]/g, '.').slice(0, 256);

export async function sendBatch(rt: MailerRuntime, delivery: DeliveryContext, batch: NotificationBatch): Promise<boolean> {
  const notification = await rt.notification(batch.notification_id);
  if (!notification) {
    rt.log.error('a batch of a notification that does not exist; nothing to send', { id: batch.notification_id, n: batch.n });
    return true;
  }
  const mail = rt.rendered(notification);
  const matching = new Set(notification.components);
  const subscribers = await rt.deps.store.subscribers.getMany(batch.recipients);
  const eligible = batch.recipients
    .map((id) => subscribers.get(id))
    .filter((s): s is Subscriber => s !== undefined && s.status === 'confirmed' && filterMatches(s.components, matching));
  const suppressed = await rt.deps.store.suppressions.suppressedAmong(eligible.map((s) => s.email));
  const compiled = await compiledFor(rt, mail);
  const due = eligible.filter((s) => !suppressed.has(s.email));
  const jobs = due.map((s) => notificationJob(rt, notification.id, compiled, s));
  // A claim per round of 25 recipients rather than one per recipient (deliver-rounds.ts).
  const outcome = await deliverInRounds(delivery, inRounds(batch, jobs, (id) => notificationLedgerKey(notification.id, id)));
  // The receipts' counts (batch-tally.ts); a try that throws leaves the last tally, or none (all pending).
  const tally = await tallyBatch(rt.deps.store.sendLedger, batch, new Set(due.map((s) => s.id)), outcome);
  await rt.deps.store.notifications.settleBatch(notification.id, batch.n, tally, rt.now());
  return outcome.complete;
}

/**
 * A notification's mail for any recipient, the recipient's manage token in its links: composed once
 * per notification and process, spliced per recipient (compiled-mail.ts).
 */
export function notificationMailFor(page: PageConfig, from: string, mail: RenderedMail): MailFor {
  return (token) => {
    const links = {
      unsubscribe: `${page.url}/v1/subscriptions/unsubscribe?token=${token}`,
      manage: `${page.url}/v1/subscriptions/manage?token=${token}`,
    };
    return {
      from,
      subject: mail.subject,
      text: mail.text(links),
      html: mail.html(links),
      headers: {
        // RFC 2369 and RFC 8058: the mail provider's own unsubscribe button, one click, no login.
        'List-Unsubscribe': `<${links.unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'List-Id': listId(page),
        // RFC 3834: no vacation auto-replies to a notification.
        'Auto-Submitted': 'auto-generated',
      },
    };
  };
}

/** One compilation per rendered notification (the runtime caches those). */
const compiledMails = new WeakMap<RenderedMail, Promise<CompiledMail>>();

function compiledFor(rt: MailerRuntime, mail: RenderedMail): Promise<CompiledMail> {
  let compiled = compiledMails.get(mail);
  if (!compiled) {
    compiled = compileMail(notificationMailFor(rt.deps.config.page, rt.deps.from, mail));
    compiledMails.set(mail, compiled);
    void compiled.then(
      (done) => (done.spliced ? undefined : rt.log.info('a notification mail composed in full per recipient', { reason: done.reason })),
      () => compiledMails.delete(mail),
    );
  }
  return compiled;
}

function notificationJob(rt: MailerRuntime, notificationId: string, compiled: CompiledMail, subscriber: Subscriber): DeliveryJob {
  return {
    key: notificationLedgerKey(notificationId, subscriber.id),
    to: subscriber.email,
    tags: { 'herald-mail': 'notification', 'herald-notification': tagValue(notificationId) },
    async compose() {
      // Issued now: the links work for a year, or until the subscriber asks for fresh ones.
      const token = await manageTokenFor(rt.deps.tokens, subscriber, rt.now());
      return compiled.compose(subscriber.email, token);
    },
  };
}
