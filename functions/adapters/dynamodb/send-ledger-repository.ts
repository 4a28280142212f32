// The send ledger: one item per (mail, recipient), in its own partition. A sender claims an entry
// (a conditional write with a lease) before it calls SES and marks it sent after; the conditions
// make every claim exclusive, so two senders never both hold a recipient. Claims go 25 to a
// TransactWriteItems (one round trip, and DynamoDB Local does several times more items a second
// that way than with single puts); when a transaction is cancelled because some entries were
// taken, the rest are claimed again without them. Marks are unconditional overwrites ('sent' is
// final), 25 to a BatchWriteItem.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { SendLedgerRepository } from '#app/ports/store';
import type { LedgerEntry } from '#app/notifications/notification';
import type { TableContext } from './client';
import { keys } from './keys';
import { batchGet, batchWrite } from './subscriber-batch-io';
import { TTL_ATTRIBUTE } from './table-definition';
import { cancellationCodes, isTransactionConflict } from './transactions';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Entries outlive any retry of the stream records that made them (24 h retention). */
const KEEP_SECONDS = 14 * 24 * 3600;
const CLAIMS_PER_TRANSACTION = 25;

const expiry = (at: string) => Math.floor(Date.parse(at) / 1000) + KEEP_SECONDS;

function toEntry(item: Record<string, unknown>): LedgerEntry {
  return {
    key: String(item.send_key),
    state: item.state as LedgerEntry['state'],
    owner: String(item.owner ?? ''),
    lease_until: Number(item.lease_until ?? 0),
    message_id: (item.message_id as string | undefined) ?? null,
    updated_at: String(item.updated_at ?? ''),
    detail: (item.detail as string | undefined) ?? null,
  };
}

export function sendLedgerRepository(ctx: TableContext): SendLedgerRepository {
  const { doc, tableName } = ctx;

  const claimUpdate = (key: string, owner: string, nowMs: number, leaseUntilMs: number, at: string) => ({
    TableName: tableName,
    Key: keys.sendLedger(key),
    UpdateExpression:
      'SET #type = :type, send_key = :key, #state = :claimed, #owner = :owner, lease_until = :lease, updated_at = :at, #ttl = :ttl ADD attempts :one',
    // Free, or claimed by a sender whose lease ran out (it died before or during its send).
    ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND lease_until < :now)',
    ExpressionAttributeNames: { '#type': 'type', '#state': 'state', '#owner': 'owner', '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: {
      ':type': 'send_ledger',
      ':key': key,
      ':claimed': 'claimed',
      ':owner': owner,
      ':lease': leaseUntilMs,
      ':now': nowMs,
      ':at': at,
      ':ttl': expiry(at),
      ':one': 1,
    },
  });

  async function claimOne(key: string, owner: string, nowMs: number, leaseUntilMs: number, at: string): Promise<boolean> {
    try {
      await doc.send(new UpdateCommand(claimUpdate(key, owner, nowMs, leaseUntilMs, at)));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async function claimChunk(chunk: string[], owner: string, nowMs: number, leaseUntilMs: number, at: string): Promise<string[]> {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const items: TransactItem[] = pending.map((key) => ({ Update: claimUpdate(key, owner, nowMs, leaseUntilMs, at) }));
      try {
        if (items.length === 1) return (await claimOne(pending[0]!, owner, nowMs, leaseUntilMs, at)) ? pending : [];
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return pending;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (isTransactionConflict(error) || attempt >= 4 || codes.length !== pending.length) {
          // Another sender is writing some of these right now: claim them one by one.
          const won = await Promise.all(pending.map((key) => claimOne(key, owner, nowMs, leaseUntilMs, at)));
          return pending.filter((_, index) => won[index]);
        }
        // Some were taken: the others passed their conditions, so claim them again without those.
        pending = pending.filter((_, index) => codes[index] !== 'ConditionalCheckFailed');
      }
    }
    return pending;
  }

  return {
    // The entries of these keys that exist.
    async read(sendKeys) {
      const items = await batchGet(ctx, [...new Set(sendKeys)].map((key) => keys.sendLedger(key)));
      return new Map(items.map((item) => [String(item.send_key), toEntry(item)]));
    },

    // Claims what is free (or abandoned), 25 keys a transaction.
    async claim(sendKeys, owner, nowMs, leaseUntilMs, at) {
      const chunks: string[][] = [];
      for (let i = 0; i < sendKeys.length; i += CLAIMS_PER_TRANSACTION) chunks.push(sendKeys.slice(i, i + CLAIMS_PER_TRANSACTION));
      const won = await Promise.all(chunks.map((chunk) => claimChunk(chunk, owner, nowMs, leaseUntilMs, at)));
      return new Set(won.flat());
    },

    // Sends SES accepted: final.
    async markSent(marks, at) {
      await batchWrite(
        ctx,
        marks.map(({ key, owner, messageId }) => ({
          PutRequest: {
            Item: {
              ...keys.sendLedger(key),
              type: 'send_ledger',
              send_key: key,
              state: 'sent',
              owner,
              message_id: messageId,
              updated_at: at,
              [TTL_ATTRIBUTE]: expiry(at),
            },
          },
        })),
      );
    },

    // A message SES refused for good (e.g. MessageRejected): final, never tried again.
    async markRejected(key, owner, detail, at) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.sendLedger(key),
          UpdateExpression: 'SET #state = :rejected, #owner = :owner, detail = :detail, updated_at = :at REMOVE lease_until',
          ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
          ExpressionAttributeValues: { ':rejected': 'rejected', ':owner': owner, ':detail': detail, ':at': at },
        }),
      );
    },

    // Gives back a claim that was certainly not sent (SES said no), if it is still ours.
    async release(key, owner) {
      try {
        await doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.sendLedger(key),
            ConditionExpression: '#state = :claimed AND #owner = :owner',
            ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':owner': owner },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
