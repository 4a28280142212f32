// What SES reports back about a mail: a permanent bounce or a complaint stops all mail to the
// address for good (a suppression, and its subscriber moves out of the confirmed list); a
// transient bounce (mailbox full, greylisting) is only counted.
import { normalizeEmail, subscriberIdFor } from '../subscriptions/email-address';
import type { Store } from '../ports/store';
import { untilSaved } from '../optimistic';

export interface FeedbackDeps {
  store: Store;
  now: () => string;
}

export interface Feedback {
  kind: 'permanent_bounce' | 'transient_bounce' | 'complaint';
  email: string;
  detail: string | null;
  feedbackId: string | null;
}

export async function recordFeedback(deps: FeedbackDeps, feedback: Feedback): Promise<void> {
  const email = normalizeEmail(feedback.email);
  const at = deps.now();
  if (feedback.kind === 'transient_bounce') {
    await deps.store.suppressions.countTransientBounce(email, feedback.feedbackId, at);
    return;
  }
  await deps.store.suppressions.suppress({
    email,
    reason: feedback.kind === 'complaint' ? 'complaint' : 'bounce',
    detail: feedback.detail,
    feedback_id: feedback.feedbackId,
    at,
  });
  const id = subscriberIdFor(email);
  await untilSaved(async () => {
    const current = await deps.store.subscribers.get(id);
    if (!current || current.status === 'suppressed') return { outcome: 'saved' as const, result: undefined };
    const outcome = await deps.store.subscribers.save(
      { ...current, status: 'suppressed', updated_at: at, version: current.version + 1 },
      current.version,
    );
    return { outcome, result: undefined };
  });
}
