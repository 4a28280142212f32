// How many components one change may move. A change (an incident declared or updated, a maintenance
// window moved) is stored all or nothing, in one atomic write of at most ATOMIC_WRITE_ITEMS items
// (DynamoDB's TransactWriteItems limit). The API schemas, the use cases, the storage and the
// scheduler all take the cap from here, so a change the API accepts is one the store can save.
import { ValidationError } from './errors';

/** Items one atomic write may hold (DynamoDB TransactWriteItems: 100). */
export const ATOMIC_WRITE_ITEMS = 100;

/**
 * Items a change writes besides its components, at most: the record, its public update, two
 * internal timeline events (the update and the components it moved) and the idempotency record.
 */
export const FIXED_ITEMS_PER_CHANGE = 5;

/** Items per component moved: its cached status and one entry in its status history. */
export const ITEMS_PER_COMPONENT_MOVE = 2;

/** The most components one incident change or one maintenance window may name (47). */
export const MAX_COMPONENTS_PER_CHANGE = Math.floor((ATOMIC_WRITE_ITEMS - FIXED_ITEMS_PER_CHANGE) / ITEMS_PER_COMPONENT_MOVE);

/** A change that names more components than one atomic write can move (400, never a 500). */
export class ChangeTooLargeError extends ValidationError {
  constructor(path: string, count: number) {
    super(
      `This change names ${count} components; one change can move at most ${MAX_COMPONENTS_PER_CHANGE}, ` +
        'because it is saved all or nothing. Split it: post further updates for the rest.',
      [{ path, message: `at most ${MAX_COMPONENTS_PER_CHANGE} components (got ${count})` }],
    );
  }
}

/** Throws ChangeTooLargeError when `count` components cannot be moved in one change. */
export function assertComponentsFit(path: string, count: number): void {
  if (count > MAX_COMPONENTS_PER_CHANGE) throw new ChangeTooLargeError(path, count);
}
