// What a cancelled TransactWriteItems says about each of its items.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ATOMIC_WRITE_ITEMS, ChangeTooLargeError, ITEMS_PER_COMPONENT_MOVE } from '#core/change-limits';
import { IdempotencyKeyTakenError, NotFoundError } from '#core/errors';
import type { WriteOptions } from '#app/ports/store';
import type { TableContext } from './client';
import { idempotencyPut } from './items';

/** The cancellation code of each item of a cancelled transaction, in order ('None' where it passed). */
export function cancellationCodes(error: unknown): string[] | null {
  if (error instanceof TransactionCanceledException || (error as { name?: string })?.name === 'TransactionCanceledException') {
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    if (reasons.length > 0) return reasons.map((r) => r.Code ?? 'None');
    // DynamoDB Local sometimes only lists the codes in the message: "[None, ConditionalCheckFailed]".
    const match = /\[([^\]]*)\]/.exec((error as Error).message ?? '');
    return match?.[1] ? match[1].split(',').map((s) => s.trim()) : [];
  }
  return null;
}

export function failedConditionAt(error: unknown, index: number): boolean {
  return cancellationCodes(error)?.[index] === 'ConditionalCheckFailed';
}

/** Another writer touched one of the items (DynamoDB's own conflict, retried by the caller). */
export function isTransactionConflict(error: unknown): boolean {
  const codes = cancellationCodes(error);
  if (codes?.some((c) => c === 'TransactionConflict')) return true;
  return (error as { name?: string })?.name === 'TransactionConflictException';
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What each item of a transaction is, so a cancellation can be explained. */
export type ItemRole = 'primary' | 'component' | 'idempotency' | 'other';

export interface TransactionPlan {
  items: TransactItem[];
  roles: ItemRole[];
}

export function plan(): TransactionPlan & {
  add(role: ItemRole, ...items: TransactItem[]): void;
  withOptions(tableName: string, options?: WriteOptions): void;
} {
  const items: TransactItem[] = [];
  const roles: ItemRole[] = [];
  return {
    items,
    roles,
    add(role, ...added) {
      for (const item of added) {
        items.push(item);
        roles.push(role);
      }
    },
    withOptions(tableName, options) {
      if (options?.idempotency) {
        items.push(idempotencyPut(tableName, options.idempotency) as TransactItem);
        roles.push('idempotency');
      }
    },
  };
}

/**
 * Commits the plan as one TransactWriteItems: all of it or none of it.
 * 'primary_failed' when the primary item's condition failed (stale version, taken id);
 * 'conflict' when DynamoDB saw a concurrent transaction on the same items (safe to retry).
 */
export async function commit(
  ctx: TableContext,
  { items, roles }: TransactionPlan,
): Promise<'ok' | 'primary_failed' | 'conflict'> {
  if (items.length > ATOMIC_WRITE_ITEMS) {
    // The use cases cap components by the same budget (core/change-limits.ts): never a 500 from DynamoDB.
    throw new ChangeTooLargeError('components', roles.filter((r) => r === 'component').length / ITEMS_PER_COMPONENT_MOVE);
  }
  try {
    await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return 'ok';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (isTransactionConflict(error)) return 'conflict';
    const failed = codes.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [roles[index]] : []));
    if (failed.includes('idempotency')) throw new IdempotencyKeyTakenError('The Idempotency-Key was used by a concurrent request.');
    if (failed.includes('primary')) return 'primary_failed';
    if (failed.includes('component')) throw new NotFoundError('A component named in the change does not exist.');
    throw error;
  }
}
