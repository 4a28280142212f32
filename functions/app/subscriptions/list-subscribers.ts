// GET /v1/subscribers and DELETE /v1/subscribers/{id}: the responders' view of the list.
import { NotFoundError, ValidationError } from '#core/errors';
import type { AppDeps } from '../deps';
import { SUBSCRIBER_STATUSES, type Subscriber, type SubscriberStatus } from './subscriber';

export interface SubscriberListing {
  /** Every subscriber of the statuses asked for, not only this page. */
  count: number;
  subscribers: Subscriber[];
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: string | null;
}

interface Position {
  status: SubscriberStatus;
  cursor: string | null;
}

const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');

function decode(cursor: string, statuses: readonly SubscriberStatus[]): Position {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (statuses.includes(p.status) && (p.cursor === null || typeof p.cursor === 'string')) return p;
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not one this list gave out.', [{ path: 'cursor', message: 'invalid' }]);
}

/** Subscribers by status (pending, confirmed, suppressed), each oldest first, a page at a time. */
export async function listSubscribers(
  deps: AppDeps,
  query: { status?: SubscriberStatus; limit: number; cursor?: string },
): Promise<SubscriberListing> {
  const statuses = query.status ? [query.status] : [...SUBSCRIBER_STATUSES];
  let position: Position = query.cursor ? decode(query.cursor, statuses) : { status: statuses[0]!, cursor: null };
  const [counts, subscribers] = await Promise.all([
    deps.store.subscribers.counts(deps.now()),
    (async () => {
      const found: Subscriber[] = [];
      for (;;) {
        const page = await deps.store.subscribers.page(position.status, query.limit - found.length, position.cursor);
        found.push(...page.subscribers);
        const next = statuses[statuses.indexOf(position.status) + 1];
        if (page.cursor) position = { status: position.status, cursor: page.cursor };
        else if (next) position = { status: next, cursor: null };
        else return { found, next: null };
        if (found.length >= query.limit) return { found, next: encode(position) };
      }
    })(),
  ]);
  return { count: statuses.reduce((sum, status) => sum + counts[status], 0), subscribers: subscribers.found, next_cursor: subscribers.next };
}

export async function deleteSubscriber(deps: AppDeps, id: string): Promise<void> {
  // Recorded as removed: an import does not bring the address back until the person confirms again.
  if (!(await deps.store.subscribers.delete(id, { reason: 'removed', at: deps.now() }))) throw new NotFoundError(`No subscriber with id ${id}.`);
}
