// The fan-out planner. For a notifying update it creates the notification (once: a conditional
// put) and then walks the confirmed subscribers a page at a time, writing the matching ones into
// batch items of at most 50 recipients. Each page's batches and the cursor after the page are one
// transaction conditioned on the planning step, so a crash or a retry resumes at the cursor and
// no recipient is ever put in two batches. The batch items' INSERTs come back on the table stream,
// where the mailer sends them: that makes the fan-out durable, split into units that retry on
// their own, and it spreads 100,000 subscribers over 2,000 small records instead of one huge one.
// Cost: one query page read and one transaction per 1,000 subscribers, linear in the list.
import type { Store } from '#app/ports/store';
import { BATCH_SIZE, notificationId, type Notification } from '#app/notifications/notification';
import { filterMatches } from '#app/subscriptions/subscriber';
import { describeChange, type NotifyingChange } from './describe-change';
import type { MailerLog } from './ports';

export interface PlanOptions {
  store: Store;
  log: MailerLog;
  now: () => string;
  /** Subscribers read per step (a step writes at most pageSize / 50 batch items, up to 99). */
  pageSize: number;
  /** Epoch ms after which planning stops (to be resumed by the record's retry). */
  deadline: number;
  clockNow: () => number;
}

/** Plans the change's fan-out to the end; false when it stopped early (deadline) and must be retried. */
export async function planNotification(options: PlanOptions, change: NotifyingChange): Promise<boolean> {
  const { store } = options;
  const id = notificationId(change.kind, change.subjectId, change.seq);
  let notification = await store.notifications.get(id);
  if (!notification) {
    const fresh = await describeChange(store, change, options.now());
    if (!fresh) {
      options.log.error('a notifying update whose incident or maintenance is gone; nothing to send', { id });
      return true;
    }
    await store.notifications.create(fresh); // 'exists' when a concurrent run created it first
    notification = await store.notifications.get(id);
  }
  while (notification && !notification.planned) {
    if (options.clockNow() > options.deadline) return false;
    const step = await nextStep(store, notification, options.pageSize);
    const outcome = await store.notifications.appendBatches(notification, step, options.now());
    notification =
      outcome === 'saved'
        ? {
            ...notification,
            plan_step: step.step + 1,
            cursor: step.cursor,
            planned: step.planned,
            batches: notification.batches + step.batches.length,
            recipients: notification.recipients + step.batches.reduce((n, b) => n + b.length, 0),
          }
        : await store.notifications.get(id); // another planner took the step: carry on from its cursor
  }
  if (notification) {
    options.log.info('planned a notification', { id: notification.id, batches: notification.batches, recipients: notification.recipients });
  }
  return true;
}

async function nextStep(store: Store, notification: Notification, pageSize: number) {
  const matching = new Set(notification.components);
  const page = await store.subscribers.page('confirmed', Math.min(pageSize, 99 * BATCH_SIZE), notification.cursor);
  const recipients = page.subscribers.filter((s) => filterMatches(s.components, matching)).map((s) => s.id);
  const batches: string[][] = [];
  for (let i = 0; i < recipients.length; i += BATCH_SIZE) batches.push(recipients.slice(i, i + BATCH_SIZE));
  return { step: notification.plan_step, batches, cursor: page.cursor, planned: page.cursor === null };
}
