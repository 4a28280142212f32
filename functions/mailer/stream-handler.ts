// The mailer: a table-stream consumer (Lambda's DynamoDB event source mapping on AWS, the stream
// poller locally). It reacts to four kinds of records:
//   - an INSERTed incident_update or maintenance_update with notify: plan the fan-out (plan-notification.ts);
//   - an INSERTed notification_batch: send its up to 50 mails (send-batch.ts);
//   - a pending subscriber whose confirm_requested_at changed: send the confirmation (send-confirmation.ts);
//   - a confirmed subscriber whose links_requested_at changed: send fresh links (send-links.ts);
//   - an INSERTed sign_in_request: send the console sign-in link (send-sign-in.ts);
//   - a channel endpoint waiting for its contact (a new confirm_requested_at), or just quarantined:
//     its contact's confirmation link or quarantine notice (send-endpoint-mail.ts).
// Everything else on the stream is ignored. A record that could not be finished (SES refused,
// the invocation ran out of time) is reported in batchItemFailures and comes back; the ledger
// makes its second run send only what the first did not.
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { NotificationBatch } from '#app/notifications/notification';
import { decodeRecord, type DecodedRecord } from '#adapters/stream/decode';
import type { DeliveryContext } from './deliver';
import type { MailerDeps } from './deps';
import { notifyingChange } from './describe-change';
import { planNotification } from './plan-notification';
import { createRuntime, type MailerRuntime } from './runtime';
import { sendBatch } from './send-batch';
import { sendConfirmation } from './send-confirmation';
import { sendLinks } from './send-links';
import { sendEndpointConfirmation, sendQuarantineNotice, type EndpointImage } from './send-endpoint-mail';
import { sendSignIn } from './send-sign-in';

export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

export type StreamHandler = (event: DynamoDBStreamEvent, context?: InvocationContext) => Promise<DynamoDBBatchResponse>;

export function createMailerHandler(deps: MailerDeps): StreamHandler {
  const rt = createRuntime(deps);
  const concurrency = deps.recordConcurrency ?? 4;
  const margin = deps.safetyMarginMs ?? 90_000;

  return async (event, context) => {
    const deadline = context ? rt.clock.now() + context.getRemainingTimeInMillis() - margin : Number.POSITIVE_INFINITY;
    const delivery: DeliveryContext = {
      ledger: deps.store.sendLedger,
      pool: rt.pool,
      marks: rt.marks,
      owner: rt.owner,
      clock: rt.clock,
      log: rt.log,
      leaseMs: rt.leaseMs,
      deadline,
    };
    // Most of the stream is not the mailer's business (the ledger's own writes are two records a
    // mail): those are skipped before anything is decoded.
    const records = event.Records.map((record) => (concerns(record) ? decodeRecord(record) : skipped(record)));
    let workers = concurrency;
    if (records.some(needsSes)) {
      const rate = await deps.sendRate();
      rt.pool.setMaxRate(rate);
      workers = recordWorkers(rate, deps.recordConcurrency);
    }

    const failed = new Set<string>();
    // A subscriber gets a change's mail before the next change's (inNotificationOrder). After a
    // plan or a batch failed, the later ones wait for its retry (reported failed, not run now).
    let orderFailed = false;
    for (const segment of inNotificationOrder(records)) {
      let next = 0;
      const worker = async () => {
        while (next < segment.length) {
          const record = segment[next++]!;
          if (orderFailed && orderKey(record) !== undefined) {
            failed.add(record.sequenceNumber);
            continue;
          }
          try {
            if (!(await handleRecord(rt, delivery, record))) failed.add(record.sequenceNumber);
          } catch (error) {
            rt.log.error('a stream record failed; it will be retried', {
              sequence_number: record.sequenceNumber,
              type: record.type,
              error: String(error),
            });
            failed.add(record.sequenceNumber);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(workers, segment.length) }, worker));
      if (segment.some((r) => orderKey(r) !== undefined && failed.has(r.sequenceNumber))) orderFailed = true;
    }
    return { batchItemFailures: records.filter((r) => failed.has(r.sequenceNumber)).map((r) => ({ itemIdentifier: r.sequenceNumber })) };
  };
}

/**
 * Where a record stands in the order subscribers get their mail: a notifying change (planned into
 * batches) or a notification's batch. Other records (confirmations, sign-ins) keep no order.
 */
function orderKey(record: DecodedRecord): string | undefined {
  if (record.eventName !== 'INSERT' || !record.newItem) return undefined;
  if (record.type === 'notification_batch') return `batch:${String(record.newItem.notification_id)}`;
  return notifyingChange(record.type, record.newItem) ? `plan:${record.sequenceNumber}` : undefined;
}

/**
 * The records in stream order, cut before every notifying change and wherever a notification
 * batch belongs to another notification than the batches before it; each part is handled once the
 * part before it is done. So changes are planned one after another, in the order they were made
 * (their batches enter the stream in that order), and a notification's batches send side by side,
 * the next notification's once they are done.
 */
export function inNotificationOrder(records: readonly DecodedRecord[]): DecodedRecord[][] {
  const segments: DecodedRecord[][] = [];
  let current: DecodedRecord[] = [];
  let last: string | undefined;
  for (const record of records) {
    const key = orderKey(record);
    if (key !== undefined && last !== undefined && key !== last && current.length > 0) {
      segments.push(current);
      current = [];
    }
    if (key !== undefined) last = key;
    current.push(record);
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/**
 * Records sending at once at SES's rate `rate`. Enough that their reads, claims and marks (a
 * record's 50 mails take a few round trips to the table besides SES's) keep the pool's queue fed:
 * 4, and one more for every 50 a second past 200 (8 from 400 a second on; more did not help
 * DynamoDB Local, measured with bench/mail-rate.ts's ledger floor). No more than SES
 * drains in ~20 s, though: a claim must never wait in the pool anywhere near its lease (at a
 * sandbox account's 1 a second, one record at a time); a record has up to two rounds of 25
 * claimed at once (deliver.ts). `configured` (MailerDeps.recordConcurrency) replaces the first.
 */
export function recordWorkers(rate: number, configured?: number): number {
  const wanted = configured ?? Math.min(8, Math.max(4, Math.ceil(rate / 50)));
  return Math.max(1, Math.min(wanted, Math.floor((rate * 20) / 50)));
}

/** The item types the mailer acts on. */
const MAILER_TYPES = new Set(['incident_update', 'maintenance_update', 'notification_batch', 'subscriber', 'sign_in_request', 'channel_endpoint']);

function concerns(record: DynamoDBRecord): boolean {
  const type = record.dynamodb?.NewImage?.type?.S ?? record.dynamodb?.OldImage?.type?.S;
  return type === undefined || MAILER_TYPES.has(type);
}

function skipped(record: DynamoDBRecord): DecodedRecord {
  return { eventName: 'MODIFY', type: undefined, sequenceNumber: record.dynamodb?.SequenceNumber ?? '' };
}

function needsSes(record: DecodedRecord): boolean {
  return (
    record.type === 'notification_batch' || record.type === 'subscriber' || record.type === 'sign_in_request' || record.type === 'channel_endpoint'
  );
}

/** True when the record is done with (including: nothing to do). */
async function handleRecord(rt: MailerRuntime, delivery: DeliveryContext, record: DecodedRecord): Promise<boolean> {
  const { eventName, type, newItem, oldItem } = record;
  if (eventName === 'INSERT') {
    const change = notifyingChange(type, newItem);
    if (change) {
      return planNotification(
        {
          store: rt.deps.store,
          log: rt.log,
          now: rt.now,
          pageSize: rt.deps.planPageSize ?? 1000,
          deadline: delivery.deadline,
          clockNow: () => rt.clock.now(),
        },
        change,
      );
    }
    if (type === 'notification_batch' && newItem) {
      const batch: NotificationBatch = {
        notification_id: String(newItem.notification_id),
        n: Number(newItem.n),
        recipients: (newItem.recipients as string[] | undefined) ?? [],
      };
      return sendBatch(rt, delivery, batch);
    }
  }
  if (type === 'subscriber' && (eventName === 'INSERT' || eventName === 'MODIFY') && newItem?.status === 'pending') {
    const requestedAt = newItem.confirm_requested_at;
    if (typeof requestedAt === 'string' && requestedAt !== oldItem?.confirm_requested_at) {
      return sendConfirmation(rt, delivery, { subscriberId: String(newItem.id), requestedAt });
    }
  }
  if (type === 'sign_in_request' && eventName === 'INSERT' && newItem) {
    return sendSignIn(rt, delivery, { id: String(newItem.id), email: String(newItem.email), expiresAt: String(newItem.link_expires_at) });
  }
  if (type === 'channel_endpoint' && (eventName === 'INSERT' || eventName === 'MODIFY') && newItem) {
    const endpoint = newItem as unknown as EndpointImage;
    if (endpoint.state === 'pending' && endpoint.confirm_requested_at && endpoint.confirm_requested_at !== oldItem?.confirm_requested_at) {
      return sendEndpointConfirmation(rt, delivery, endpoint);
    }
    if (endpoint.state === 'quarantined' && oldItem?.state !== 'quarantined') return sendQuarantineNotice(rt, delivery, endpoint);
  }
  if (type === 'subscriber' && eventName === 'MODIFY' && newItem?.status === 'confirmed') {
    const requestedAt = newItem.links_requested_at;
    if (typeof requestedAt === 'string' && requestedAt !== oldItem?.links_requested_at) {
      return sendLinks(rt, delivery, { subscriberId: String(newItem.id), requestedAt });
    }
  }
  return true;
}
