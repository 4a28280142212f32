// The channel delivery worker. Durable, ordered, isolated:
//   - enqueue: a change's endpoints split in two. Those with nothing queued (no due marker, none
//     failing in this process) are its fan-out: the plan is recorded once (a replayed stream batch
//     finds it and sends nothing again) and each is sent the change at once, with no delivery
//     record of its own; the 2xx ones are added to the fan-out's `done` in bulk. One that fails
//     gets a delivery record (its retry state) and its queue entry: from then on it is the queue's.
//     Per endpoint, one change after another in this process (a chain per endpoint: a newer change
//     waits for the older one's attempt to that endpoint, and goes to the queue if that one failed).
//     A fan-out whose owner stopped (its lease ran out) is recovered by the sweep: a planned
//     endpoint with neither `done` nor a record gets a record marked in flight, so the drain sends
//     it once more with the same webhook-id, and never a third time. While another worker's
//     fan-out is unfinished, its endpoints' newer changes are queued not before its lease's end,
//     behind what its recovery would queue;
//   - the others (something queued: failing, or a queue being worked): for the change and each,
//     one delivery (change id, endpoint id), created conditionally with its queue entry;
//   - drain: an endpoint's queue is worked by one worker at a time (a lease on its due marker, and
//     one drain per endpoint in this process), oldest change first: only the head is attempted,
//     and a head that fails blocks the ones behind it until it succeeds, so no endpoint ever gets
//     an older change after a newer one. A head that has failed and has a newer delivery of the
//     same subject behind it (an incident, a maintenance, a component) is superseded: the newer
//     payload carries the whole incident;
//   - an attempt is marked in flight before the POST and finished after; a worker that finds a
//     delivery still in flight (its predecessor stopped mid-send: the outcome is unknown) sends it
//     once more with the same `webhook-id` (the delivery id), and never a third time;
//   - a failure is retried after 5 s, 1 min, 5 min, 30 min, then every 2 h (±20 % jitter), at the
//     due time the sweep (every minute) finds; the endpoint's 10th failure in a row quarantines it,
//     `410 Gone` (Slack: 404/410 channel_not_found / channel_is_archived) disables it at once; the
//     mailer tells a quarantined endpoint's contact once, with a link that reactivates it;
//   - Slack's 429 waits its Retry-After; at most 1 request a second to a Slack webhook, 4 to Teams;
//   - at most maxConcurrency endpoints are worked at once in a process, one slot each, so a hung
//     endpoint (10 s at most an attempt) holds only its own slot.
import { randomUUID } from 'node:crypto';
import type { ChannelChange } from '#app/channels/change';
import { deliveryId, type ChannelDelivery, type ChannelFanOut, type DeliveryAttempt, type QueuedDelivery } from '#app/channels/delivery';
import type { ChannelEndpoint, EndpointKind } from '#app/channels/endpoint';
import { checkChannelUrl } from '#core/channel-url';
import { mapWithConcurrency } from '#adapters/dynamodb/map-with-concurrency';
import { jsonLog, systemClock } from '#mailer/ports';
import type { DerivedChange } from './changes';
import type { ChannelWorkerDeps } from './deps';
import { POST_DEFAULTS, postChannelRequest, type PostResult } from './http-post';

export const BACKOFF_MS = [5_000, 60_000, 300_000, 1_800_000, 7_200_000] as const;
export const QUARANTINE_AFTER = 10;
export const ATTEMPTS_KEPT = 50;
const QUEUE_PAGE = 50;
const MIN_INTERVAL_MS: Readonly<Record<EndpointKind, number>> = { webhook: 0, slack: 1_000, teams: 250 };

/** The wait before the next attempt after the endpoint's `failures`th failure in a row. */
export function backoffMs(failures: number, random: number): number {
  const base = BACKOFF_MS[Math.min(Math.max(failures, 1), BACKOFF_MS.length) - 1]!;
  return Math.round(base * (0.8 + 0.4 * random));
}

/** The receiver says this endpoint is gone for good. */
export function isGone(kind: EndpointKind, result: Pick<PostResult, 'status' | 'body'>): boolean {
  if (result.status === 410) return true;
  return kind === 'slack' && (result.status === 404 || result.status === 410) && /channel_not_found|channel_is_archived/.test(result.body);
}

/** Whether an endpoint hears of a change: active, the audience allows it, and its component filter (empty: all) matches. */
export function endpointWants(endpoint: ChannelEndpoint, derived: Pick<DerivedChange, 'isPublic' | 'components'>): boolean {
  if (endpoint.state !== 'active') return false;
  if (!derived.isPublic && !endpoint.internal) return false;
  if (endpoint.components.length === 0) return true;
  return endpoint.components.some((id) => derived.components.includes(id));
}

export { deliveryId };

export interface ChannelWorker {
  /** Records the change and its deliveries; the endpoints that got a new one. */
  enqueue(derived: DerivedChange): Promise<string[]>;
  /** Works these endpoints' queues now; resolves when they are drained or waiting for a retry. */
  kick(endpointIds: Iterable<string>): Promise<void>;
  /** Works every endpoint whose queue is due (retries, and work a stopped worker left). */
  sweep(): Promise<void>;
  /** Resolves when nothing is being worked on in this process. */
  idle(): Promise<void>;
}

export function createChannelWorker(deps: ChannelWorkerDeps): ChannelWorker {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? jsonLog;
  const random = deps.random ?? Math.random;
  const owner = deps.owner ?? `channels-${randomUUID()}`;
  const leaseMs = deps.leaseMs ?? 60_000;
  const postOptions = { ...POST_DEFAULTS, timeoutMs: deps.timeoutMs ?? POST_DEFAULTS.timeoutMs, lookup: deps.lookup };
  const repo = deps.store.channelDeliveries;
  const iso = () => new Date(clock.now()).toISOString();

  // One slot per endpoint being drained, at most maxConcurrency in all.
  // 128: the repository shares requests among calls made at once, so more endpoints at once cost
  // DynamoDB fewer requests each (npm run bench:channels); a hung endpoint still holds one slot.
  const maxConcurrency = deps.maxConcurrency ?? 128;
  let running = 0;
  const waiting: Array<() => void> = [];
  const acquire = async () => {
    if (running < maxConcurrency) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  const draining = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const lastSentAt = new Map<string, number>();
  const changes = new Map<string, ChannelChange>();

  async function change(id: string): Promise<ChannelChange | null> {
    const known = changes.get(id);
    if (known) return known;
    const found = await repo.getChange(id);
    if (found) {
      changes.set(id, found);
      if (changes.size > 256) changes.delete(changes.keys().next().value as string);
    }
    return found;
  }

  /** Read-modify-write of an endpoint at its version (a few tries). */
  async function updateEndpoint(id: string, edit: (endpoint: ChannelEndpoint) => ChannelEndpoint | null): Promise<ChannelEndpoint | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await deps.store.channelEndpoints.get(id);
      if (!current) return null;
      const next = edit(current);
      if (!next) return current;
      const saved = await deps.store.channelEndpoints.save({ ...next, version: current.version + 1, updated_at: iso() }, current.version);
      if (saved === 'saved') return next;
    }
    throw new Error(`endpoint ${id} kept changing under the worker`);
  }

  async function recordAttempt(delivery: ChannelDelivery, at: string, statusCode: number | null, latencyMs: number, error: string | null) {
    const attempt: DeliveryAttempt = { endpoint_id: delivery.endpoint_id, delivery_id: delivery.id, change_id: delivery.change_id, at, status_code: statusCode, latency_ms: latencyMs, error };
    await repo.recordAttempt(attempt);
  }

  /** One endpoint's queue, head first, until it is empty or waiting. */
  async function drain(endpointId: string): Promise<void> {
    const claim = await repo.claimEndpoint(endpointId, owner, clock.now(), clock.now() + leaseMs);
    if (!claim) return; // another worker has it; it works the whole queue
    let leaseUntil = clock.now() + leaseMs;
    let released = false;
    const letGo = async (next: { drained: number } | { nextAt: string }) => {
      released = true;
      await repo.releaseEndpoint(endpointId, owner, next);
    };
    try {
      let endpoint = await deps.store.channelEndpoints.get(endpointId);
      for (;;) {
        if (!endpoint || endpoint.state !== 'active') {
          // Nothing is delivered to it until it is active again (its reactivation, on the stream, kicks it).
          await letGo({ drained: claim.enq });
          return;
        }
        const queue = await repo.queue(endpointId, QUEUE_PAGE);
        const head = queue[0];
        // Nothing was behind the head when the queue was read: once it is delivered, the queue is
        // let go without reading it again (an enqueue since then moved `enq`, so the release keeps
        // the marker due, and this process's kick drains it again).
        const onlyHead = queue.length === 1;
        if (!head) {
          await letGo({ drained: claim.enq });
          return;
        }
        const delivery = await repo.get(head.change_id, endpointId);
        if (!delivery || delivery.state !== 'pending') {
          await repo.dropQueued(head);
          continue;
        }
        const nowIso = iso();
        // A head that failed before, on an endpoint whose failures were reset since (reactivated):
        // tried again now rather than at the backoff's time.
        const reactivated = delivery.last_error !== null && endpoint.consecutive_failures === 0;
        if (delivery.next_at > nowIso && !reactivated) {
          await letGo({ nextAt: delivery.next_at });
          return;
        }
        if (supersededBy(delivery, queue)) {
          await repo.finish(delivery, 'superseded', nowIso, null, 'a newer change of the same subject was sent instead');
          continue;
        }
        let unknownResend = false;
        if (delivery.in_flight_at) {
          await recordAttempt(delivery, delivery.in_flight_at, null, 0, 'outcome unknown: the worker stopped during this attempt');
          if (delivery.unknown_resent) {
            await repo.finish(delivery, 'unknown', nowIso, null, 'outcome unknown twice: not sent a third time');
            continue;
          }
          unknownResend = true;
        }
        const theChange = await change(delivery.change_id);
        if (!theChange) {
          await repo.finish(delivery, 'skipped', nowIso, null, 'the change is no longer recorded');
          continue;
        }
        await pace(endpoint);
        const timestamp = Math.floor(clock.now() / 1000);
        const request = await deps.build(endpoint, theChange, { deliveryId: delivery.id, timestamp });
        if (!request) {
          await repo.finish(delivery, 'skipped', iso(), null, null);
          continue;
        }
        const startedAt = iso();
        if (!(await repo.startAttempt(delivery, startedAt, unknownResend))) continue; // someone moved it: look again
        // Renew the lease for the attempt (10 s at most) and what follows it, unless the claim is
        // fresh enough to cover them (one write less per delivery).
        if (leaseUntil - clock.now() < postOptions.timeoutMs + leaseMs / 2) {
          await repo.claimEndpoint(endpointId, owner, clock.now(), clock.now() + leaseMs);
          leaseUntil = clock.now() + leaseMs;
        }
        lastSentAt.set(endpointId, clock.now());
        // The URL policy again before each request (an IP literal is never looked up, so the
        // connect-time guard alone would not see it).
        const check = deps.urlPolicy ? checkChannelUrl(endpoint.kind, endpoint.url, deps.urlPolicy) : null;
        const result: PostResult =
          check && !check.ok
            ? { status: null, body: '', retryAfterSeconds: null, latencyMs: 0, error: `refused: ${check.message}` }
            : await postChannelRequest(endpoint.url, request, postOptions);
        await recordAttempt(delivery, startedAt, result.status, result.latencyMs, result.error);
        const sent = { ...delivery, attempts: delivery.attempts + 1 };

        if (result.error === null) {
          await repo.finish(sent, 'delivered', iso(), result.status, null);
          if (endpoint.consecutive_failures > 0) endpoint = await updateEndpoint(endpointId, (e) => ({ ...e, consecutive_failures: 0 }));
          if (onlyHead) {
            await letGo({ drained: claim.enq });
            return;
          }
          continue;
        }
        if (isGone(endpoint.kind, result)) {
          await repo.finish(sent, 'failed', iso(), result.status, result.error);
          const reason = `the receiver answered ${result.status}${result.body ? ` (${result.body.slice(0, 200)})` : ''}: disabled`;
          await updateEndpoint(endpointId, (e) => ({ ...e, state: 'disabled', state_reason: reason, consecutive_failures: e.consecutive_failures + 1 }));
          log.info('a channel endpoint was disabled', { endpoint_id: endpointId, status: result.status });
          await letGo({ drained: claim.enq });
          return;
        }
        // A failure: retried later; the ones behind it wait.
        const updated = await updateEndpoint(endpointId, (e) => {
          const failures = e.consecutive_failures + 1;
          if (failures < QUARANTINE_AFTER) return { ...e, consecutive_failures: failures };
          return { ...e, consecutive_failures: failures, state: 'quarantined', state_reason: `${failures} failed attempts in a row; the last: ${result.error}` };
        });
        const failures = updated?.consecutive_failures ?? 1;
        const slackWait = endpoint.kind === 'slack' && result.status === 429 && result.retryAfterSeconds !== null ? result.retryAfterSeconds * 1000 : null;
        const nextAt = new Date(clock.now() + (slackWait ?? backoffMs(failures, random()))).toISOString();
        await repo.retryAt(sent, nextAt, result.status, result.error);
        await letGo({ nextAt });
        if (updated?.state === 'quarantined') {
          // The mailer sees the quarantine on the table stream and tells the contact once, with a
          // reactivate link (mailer/send-endpoint-mail.ts).
          log.error('a channel endpoint was quarantined', { endpoint_id: endpointId, failures, contact: updated.contact_email ? 'set' : 'none' });
        }
        return;
      }
    } finally {
      if (!released) await repo.releaseEndpoint(endpointId, owner, { nextAt: iso() }).catch(() => undefined);
    }
  }

  /** Waits out the kind's minimum interval between requests to one endpoint. */
  async function pace(endpoint: ChannelEndpoint) {
    const last = lastSentAt.get(endpoint.id);
    const gap = MIN_INTERVAL_MS[endpoint.kind];
    if (last === undefined || gap === 0) return;
    const wait = last + gap - clock.now();
    if (wait > 0) await clock.sleep(wait);
  }

  function startDrain(endpointId: string): Promise<void> {
    const current = draining.get(endpointId);
    if (current) {
      again.add(endpointId);
      return current;
    }
    const run = (async () => {
      await acquire();
      try {
        do {
          again.delete(endpointId);
          try {
            await drain(endpointId);
          } catch (error) {
            log.error('a channel endpoint could not be worked; the sweep tries again', { endpoint_id: endpointId, error: String(error) });
          }
        } while (again.has(endpointId));
      } finally {
        release();
        draining.delete(endpointId);
      }
    })();
    draining.set(endpointId, run);
    return run;
  }

  // ---- the fan-out: endpoints with nothing queued are sent a change at once ----

  /** A change's delivery record to an endpoint (pending: the queue's from then on). */
  const recordOf = (change: { id: string; type: ChannelChange['type']; at: string }, subject: string, endpoint: Pick<ChannelEndpoint, 'id' | 'kind'>, over: Partial<ChannelDelivery>): ChannelDelivery => {
    const now = iso();
    return {
      id: deliveryId(change.id, endpoint.id),
      change_id: change.id,
      endpoint_id: endpoint.id,
      kind: endpoint.kind,
      change_type: change.type,
      subject,
      change_at: change.at,
      state: 'pending',
      attempts: 0,
      next_at: now,
      in_flight_at: null,
      unknown_resent: false,
      last_status: null,
      last_error: null,
      delivered_at: null,
      created_at: now,
      ...over,
    };
  };

  /** Per endpoint, the last change sent to it (or waiting to be) by a fan-out of this process. */
  const chains = new Map<string, Promise<void>>();
  /** Endpoints this process gave a record since (the generation of due-partition reads then):
   *  queued work a read begun before that could not see. */
  const queuedHere = new Map<string, number>();
  let generation = 0;
  /** Fan-outs of this process under way. */
  const fanOuts = new Map<string, Promise<void>>();

  async function runFanOut(fanOut: ChannelFanOut, theChange: ChannelChange, endpoints: ChannelEndpoint[]): Promise<void> {
    changes.set(theChange.id, theChange);
    const renew = setInterval(() => {
      void repo.claimFanOut(theChange.id, owner, clock.now(), clock.now() + leaseMs).catch(() => undefined);
    }, Math.max(1_000, leaseMs / 3));
    renew.unref?.();
    // 2xx answers, added to `done` a few at a time (one write for many endpoints).
    let done: string[] = [];
    let flushing: Promise<void> = Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const ids = done;
      done = [];
      flushing = flushing.then(() => repo.addFanOutDone(theChange.id, ids, iso())).catch((error) => log.error('a fan-out could not record its deliveries', { change_id: theChange.id, error: String(error) }));
      return flushing;
    };
    const delivered = (id: string) => {
      done.push(id);
      if (done.length >= 100) void flush();
      else timer ??= setTimeout(() => void flush(), 200);
    };
    const queued: string[] = [];
    const writes: Array<Promise<void>> = [];
    try {
      await Promise.all(
        endpoints.map((endpoint) => {
          const before = chains.get(endpoint.id) ?? Promise.resolve();
          const step = before.then(() => sendNow(endpoint, fanOut, theChange, delivered, queued, writes));
          const settled = step.catch((error) => log.error('a channel endpoint could not be sent a change', { endpoint_id: endpoint.id, change_id: theChange.id, error: String(error) }));
          chains.set(endpoint.id, settled);
          void settled.then(() => {
            if (chains.get(endpoint.id) === settled) chains.delete(endpoint.id);
          });
          return settled;
        }),
      );
      await flush();
      await flushing;
      await Promise.all(writes);
      await repo.finishFanOut(theChange.id, owner);
    } finally {
      clearInterval(renew);
      if (timer) clearTimeout(timer);
    }
    await Promise.all(queued.map(startDrain));
  }

  /** One planned endpoint, once the change before it to that endpoint is settled. Its attempt's
   *  record is written in the background (`writes`); a failure's bookkeeping before the next change
   *  to the endpoint is looked at (it decides whether that one is queued). */
  async function sendNow(endpoint: ChannelEndpoint, fanOut: ChannelFanOut, theChange: ChannelChange, delivered: (id: string) => void, queued: string[], writes: Array<Promise<void>>): Promise<void> {
    if (queuedHere.has(endpoint.id) || draining.has(endpoint.id)) {
      // It failed an older change meanwhile (or its queue is being worked): this one queues behind.
      if ((await repo.createDelivery(recordOf(theChange, fanOut.subject, endpoint, {}))) === 'created') {
        queuedHere.set(endpoint.id, generation);
        queued.push(endpoint.id);
      }
      return;
    }
    const id = deliveryId(theChange.id, endpoint.id);
    let startedAt: string;
    let result: PostResult;
    await acquire(); // held for the request only: a hung endpoint holds one slot, its own
    try {
      await pace(endpoint);
      const timestamp = Math.floor(clock.now() / 1000);
      const request = await deps.build(endpoint, theChange, { deliveryId: id, timestamp });
      if (!request) {
        const skipped = recordOf(theChange, fanOut.subject, endpoint, {});
        if ((await repo.createDelivery(skipped)) === 'created') await repo.finish(skipped, 'skipped', iso(), null, null);
        return;
      }
      startedAt = iso();
      lastSentAt.set(endpoint.id, clock.now());
      const check = deps.urlPolicy ? checkChannelUrl(endpoint.kind, endpoint.url, deps.urlPolicy) : null;
      result =
        check && !check.ok
          ? { status: null, body: '', retryAfterSeconds: null, latencyMs: 0, error: `refused: ${check.message}` }
          : await postChannelRequest(endpoint.url, request, postOptions);
    } finally {
      release();
    }
    const attempt = repo.recordAttempt({ endpoint_id: endpoint.id, delivery_id: id, change_id: theChange.id, at: startedAt, status_code: result.status, latency_ms: result.latencyMs, error: result.error });
    if (result.error === null) {
      delivered(endpoint.id);
      writes.push(attempt.catch((error) => log.error('an attempt could not be recorded', { endpoint_id: endpoint.id, error: String(error) })));
      if (endpoint.consecutive_failures > 0) await updateEndpoint(endpoint.id, (e) => ({ ...e, consecutive_failures: 0 }));
      return;
    }
    await attempt;
    // A failure: the endpoint's record from now on (its retry state), unless the fan-out was
    // recovered meanwhile (its owner was taken for stopped): then the recovery's record stands.
    const slackWait = endpoint.kind === 'slack' && result.status === 429 && result.retryAfterSeconds !== null ? result.retryAfterSeconds * 1000 : null;
    const nextAt = new Date(clock.now() + (slackWait ?? backoffMs(endpoint.consecutive_failures + 1, random()))).toISOString();
    const record = recordOf(theChange, fanOut.subject, endpoint, { attempts: 1, next_at: nextAt, last_status: result.status, last_error: result.error });
    if ((await repo.createDelivery(record)) === 'exists') return;
    queuedHere.set(endpoint.id, generation);
    if (isGone(endpoint.kind, result)) {
      await repo.finish(record, 'failed', iso(), result.status, result.error);
      const reason = `the receiver answered ${result.status}${result.body ? ` (${result.body.slice(0, 200)})` : ''}: disabled`;
      await updateEndpoint(endpoint.id, (e) => ({ ...e, state: 'disabled', state_reason: reason, consecutive_failures: e.consecutive_failures + 1 }));
      log.info('a channel endpoint was disabled', { endpoint_id: endpoint.id, status: result.status });
      return;
    }
    const updated = await updateEndpoint(endpoint.id, (e) => {
      const failures = e.consecutive_failures + 1;
      if (failures < QUARANTINE_AFTER) return { ...e, consecutive_failures: failures };
      return { ...e, consecutive_failures: failures, state: 'quarantined', state_reason: `${failures} failed attempts in a row; the last: ${result.error}` };
    });
    if (updated?.state === 'quarantined') log.error('a channel endpoint was quarantined', { endpoint_id: endpoint.id, failures: updated.consecutive_failures, contact: updated.contact_email ? 'set' : 'none' });
  }

  /** A fan-out whose owner stopped: its planned endpoints with neither a 2xx nor a record are the queue's, in flight (outcome unknown). */
  async function recover(changeId: string): Promise<void> {
    if (fanOuts.has(changeId)) return;
    if (!(await repo.claimFanOut(changeId, owner, clock.now(), clock.now() + leaseMs))) return;
    const fanOut = await repo.getFanOut(changeId);
    if (!fanOut) return;
    const done = new Set(fanOut.done);
    const change = { id: fanOut.change_id, type: fanOut.change_type, at: fanOut.change_at };
    const created: string[] = [];
    await mapWithConcurrency(
      Object.entries(fanOut.planned).filter(([id]) => !done.has(id)),
      100,
      async ([id, kind]) => {
        const record = recordOf(change, fanOut.subject, { id, kind }, { attempts: 1, in_flight_at: fanOut.started_at });
        if ((await repo.createDelivery(record)) === 'created') created.push(id);
      },
    );
    await repo.finishFanOut(changeId, owner);
    log.info('a stopped fan-out was recovered', { change_id: changeId, unknown: created.length });
    await Promise.all(created.map(startDrain));
  }

  return {
    async enqueue(derived) {
      const readAt = ++generation;
      const [, all, backlog] = await Promise.all([repo.saveChange(derived.change, iso()), deps.store.channelEndpoints.list(), repo.backlog()]);
      const endpoints = all.filter((endpoint) => endpointWants(endpoint, derived));
      const queuedNow = new Set(backlog.endpoints);
      for (const [id, at] of queuedHere) if (at < readAt && !queuedNow.has(id)) queuedHere.delete(id);
      // Another worker's unfinished fan-out: its endpoints' newer changes wait for its end (or its recovery).
      const held = new Map<string, string>();
      for (const other of backlog.fanOuts) {
        if (other.change_id === derived.change.id || fanOuts.has(other.change_id)) continue;
        const found = await repo.getFanOut(other.change_id);
        if (!found || found.finished) continue;
        for (const id of Object.keys(found.planned)) if (!found.done.includes(id) && (held.get(id) ?? '') < other.next_at) held.set(id, other.next_at);
      }
      const now = iso();
      const straight = endpoints.filter((e) => !queuedNow.has(e.id) && !queuedHere.has(e.id) && !held.has(e.id) && !draining.has(e.id));
      const fanOut: ChannelFanOut = {
        change_id: derived.change.id,
        change_at: derived.change.at,
        change_type: derived.change.type,
        subject: derived.subject,
        owner,
        lease_until: clock.now() + leaseMs,
        started_at: now,
        planned: Object.fromEntries(straight.map((e) => [e.id, e.kind])),
        done: [],
        finished: straight.length === 0,
        updated_at: now,
      };
      // The plan, once: a replay finds it (and sends none of its endpoints again).
      const started = await repo.startFanOut(fanOut);
      const planned = started === 'created' ? fanOut.planned : started.planned;
      if (started === 'created' && straight.length > 0) {
        const run = runFanOut(fanOut, derived.change, straight)
          .catch((error) => log.error('a channel fan-out failed; the sweep recovers it', { change_id: derived.change.id, error: String(error) }))
          .finally(() => fanOuts.delete(derived.change.id));
        fanOuts.set(derived.change.id, run);
      } else if (started !== 'created' && !started.finished && started.lease_until < clock.now()) {
        await recover(derived.change.id);
      }
      // The rest are queued (a replay creates nothing again).
      const created: string[] = [];
      // 100 at once: the repository sends creations made together in a few transactions.
      await mapWithConcurrency(
        endpoints.filter((e) => !(e.id in planned)),
        100,
        async (endpoint) => {
          if ((await repo.createDelivery(recordOf(derived.change, derived.subject, endpoint, { next_at: held.get(endpoint.id) ?? now }))) === 'created') {
            queuedHere.set(endpoint.id, generation);
            created.push(endpoint.id);
          }
        },
      );
      return created;
    },

    async kick(endpointIds) {
      await Promise.all([...[...new Set(endpointIds)].map(startDrain), ...fanOuts.values()]);
    },

    async sweep() {
      // Fan-outs whose owner stopped first: what they queue goes ahead of newer changes.
      for (const changeId of await repo.dueFanOuts(iso())) await recover(changeId);
      const due = await repo.dueEndpoints(iso());
      // An endpoint this process is draining already is left to that drain (its release leaves
      // the marker due if anything is left), rather than drained once more after it.
      await Promise.all(due.filter((id) => !draining.has(id)).map(startDrain));
    },

    async idle() {
      while (draining.size > 0 || fanOuts.size > 0) await Promise.all([...draining.values(), ...fanOuts.values()]);
    },
  };
}

/** The head has failed before and a newer delivery of its subject waits behind it. */
function supersededBy(head: ChannelDelivery, queue: readonly QueuedDelivery[]): boolean {
  if (!head.subject || (head.attempts === 0 && !head.last_error)) return false;
  return queue.slice(1).some((entry) => entry.subject === head.subject);
}
