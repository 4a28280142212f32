// The channels' durable ledger: one delivery per (change, endpoint), created once however often
// the stream replays the change, and each endpoint's queue of deliveries in change order (only its
// oldest pending one is ever attempted: see functions/channels/worker.ts). Beside them, every
// change as the worker read it (so a retry hours later sends what the change said) and each
// endpoint's recent attempts (its receipts).
import { createHash } from 'node:crypto';
import type { ChannelChange } from './change';
import type { EndpointKind } from './endpoint';

/** pending: queued (maybe failing, retried at next_at). delivered: a 2xx answer. superseded: a
 *  newer change of the same subject, which carries it all, was sent instead. failed: the endpoint
 *  was disabled (410) while it was the oldest. skipped: nothing to send for this kind. unknown: the
 *  worker stopped twice mid-send (sent at least once; never tried a third time). */
/** The `webhook-id` of a (change, endpoint): the same on every attempt and every replay. */
export function deliveryId(changeId: string, endpointId: string): string {
  return `msg_${createHash('sha256').update(`${changeId}\n${endpointId}`).digest('base64url').slice(0, 27)}`;
}

export const DELIVERY_STATES = ['pending', 'delivered', 'superseded', 'failed', 'skipped', 'unknown'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface ChannelDelivery {
  /** The `webhook-id` of every attempt of it (a repeat after an unknown outcome carries the same). */
  id: string;
  change_id: string;
  endpoint_id: string;
  kind: EndpointKind;
  change_type: ChannelChange['type'];
  /** What a newer change of supersedes it: `incident:<id>`, `maintenance:<id>`, `component:<id>`; empty: never. */
  subject: string;
  /** The change's time: the endpoint's queue order. */
  change_at: string;
  state: DeliveryState;
  /** Attempts started (including one whose outcome was unknown). */
  attempts: number;
  /** Not before (ISO). */
  next_at: string;
  /** Set while an attempt is under way; found set by a later worker: that attempt's outcome is unknown. */
  in_flight_at: string | null;
  /** The one repeat after an unknown outcome was made. */
  unknown_resent: boolean;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

/** One entry of an endpoint's queue (the oldest first). */
export interface QueuedDelivery {
  endpoint_id: string;
  change_at: string;
  change_id: string;
  subject: string;
}

/** One attempt, as an endpoint's receipts show it. */
export interface DeliveryAttempt {
  endpoint_id: string;
  delivery_id: string;
  change_id: string;
  at: string;
  /** The HTTP status, or null when there was no answer (timeout, refused, reset, guard). */
  status_code: number | null;
  latency_ms: number;
  /** Null on success. */
  error: string | null;
}

/**
 * A change's fan-out: the endpoints that had nothing queued when the change came (planned), sent
 * the change straight away by one worker (owner, holding it until lease_until) without a delivery
 * record each; `done` are those that answered 2xx. An endpoint that fails gets a delivery record
 * (the retry state) and is then the queue's. A planned endpoint with neither `done` nor a record
 * when the lease ran out had an attempt whose outcome is unknown: the recovery gives it a record
 * marked in flight, which the drain sends once more with the same webhook-id, never a third time.
 */
export interface ChannelFanOut {
  change_id: string;
  change_at: string;
  change_type: ChannelChange['type'];
  subject: string;
  owner: string;
  /** ms since the epoch. */
  lease_until: number;
  started_at: string;
  /** Endpoint id → its kind (receipts count per kind). */
  planned: Record<string, EndpointKind>;
  done: string[];
  finished: boolean;
  updated_at: string;
}

/** The due partition at a glance: endpoints with queued work, and fan-outs under way. */
export interface ChannelBacklog {
  endpoints: string[];
  fanOuts: Array<{ change_id: string; owner: string; next_at: string }>;
}

/** An endpoint's due marker: it has queued work, not before next_at; `enq` counts enqueues. */
export interface EndpointClaim {
  enq: number;
}

export interface ChannelDeliveryRepository {
  /** Records a change once (a replay finds it there). */
  saveChange(change: ChannelChange, at: string): Promise<void>;
  getChange(changeId: string): Promise<ChannelChange | null>;
  /** Creates the delivery, its queue entry and the endpoint's due marker, unless the delivery exists. */
  createDelivery(delivery: ChannelDelivery): Promise<'created' | 'exists'>;
  /** The delivery: its record, or as its change's fan-out tells it (delivered, or pending while in flight). */
  get(changeId: string, endpointId: string): Promise<ChannelDelivery | null>;
  /** Every delivery of one change (receipts): records, and the fan-out's endpoints without one. */
  ofChange(changeId: string): Promise<ChannelDelivery[]>;
  /** The endpoint's queue, oldest first. */
  queue(endpointId: string, limit: number): Promise<QueuedDelivery[]>;
  /** Starts an attempt, if nobody else did since `delivery` was read (attempts unchanged). */
  startAttempt(delivery: ChannelDelivery, at: string, unknownResend: boolean): Promise<boolean>;
  /** Ends a delivery for good and takes it off its endpoint's queue. */
  finish(delivery: ChannelDelivery, state: Exclude<DeliveryState, 'pending'>, at: string, status: number | null, error: string | null): Promise<void>;
  /** A failed attempt: tried again at `nextAt`. */
  retryAt(delivery: ChannelDelivery, nextAt: string, status: number | null, error: string | null): Promise<void>;
  /** Takes a stale entry off a queue (its delivery is no longer pending). */
  dropQueued(entry: QueuedDelivery): Promise<void>;
  /** Holds the endpoint's queue for this owner until leaseUntil (ms); null when another holds it. */
  claimEndpoint(endpointId: string, owner: string, nowMs: number, leaseUntilMs: number): Promise<EndpointClaim | null>;
  /** Lets go: `drained` (queue seen empty after `enq` enqueues: the marker goes, unless more came),
   *  or the time the queue is due next. */
  releaseEndpoint(endpointId: string, owner: string, next: { drained: number } | { nextAt: string }): Promise<void>;
  /** Endpoints whose queues are due by `at` (ISO). */
  dueEndpoints(at: string): Promise<string[]>;
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** Records a change's fan-out (its plan) and its due marker, unless one exists: then that one. */
  startFanOut(fanOut: ChannelFanOut): Promise<'created' | ChannelFanOut>;
  getFanOut(changeId: string): Promise<ChannelFanOut | null>;
  /** Takes or renews an unfinished fan-out's lease (another owner's only once it ran out). */
  claimFanOut(changeId: string, owner: string, nowMs: number, leaseUntilMs: number): Promise<boolean>;
  /** These planned endpoints answered 2xx. */
  addFanOutDone(changeId: string, endpointIds: string[], at: string): Promise<void>;
  /** Marks the fan-out finished and drops its marker (only its owner). */
  finishFanOut(changeId: string, owner: string): Promise<boolean>;
  /** Fan-outs whose lease ran out by `at` (ISO): their owner stopped. */
  dueFanOuts(at: string): Promise<string[]>;
  /** Every marker of the due partition (one query). */
  backlog(): Promise<ChannelBacklog>;
  /** The endpoint's last `limit` attempts, newest first. */
  attempts(endpointId: string, limit: number): Promise<DeliveryAttempt[]>;
}
