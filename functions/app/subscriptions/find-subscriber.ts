// Looking one address up (the console's subscriber search): the subscriber it is, or, when it is
// on no list, whether it left (unsubscribed, or removed by a responder) so an import would skip it.
import { ValidationError } from '#core/errors';
import type { AppDeps } from '../deps';
import { isValidEmail, normalizeEmail, subscriberIdFor } from './email-address';
import type { Subscriber, SubscriberLeft } from './subscriber';

export interface SubscriberLookup {
  email: string;
  id: string;
  subscriber: Subscriber | null;
  /** Set when the address left the list and has not confirmed since. */
  left: SubscriberLeft | null;
  suppressed: boolean;
}

export async function findSubscriber(deps: AppDeps, address: string): Promise<SubscriberLookup> {
  if (!isValidEmail(address)) {
    throw new ValidationError('That is not an email address.', [{ path: 'email', message: 'Enter a full address, like jane@example.com.' }]);
  }
  const email = normalizeEmail(address);
  const id = subscriberIdFor(email);
  const [subscriber, left, suppressed] = await Promise.all([
    deps.store.subscribers.get(id),
    deps.store.subscribers.leftAmong([id]),
    deps.store.suppressions.isSuppressed(email),
  ]);
  return { email, id, subscriber, left: left.get(id) ?? null, suppressed };
}
