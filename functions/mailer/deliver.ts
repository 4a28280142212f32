// Exactly-once delivery through the send ledger. For every (mail, recipient) there is one ledger
// entry, and a message goes to SES only while its sender holds the entry's claim (a notification
// batch's mails are claimed a round of 25 at a time instead: deliver-rounds.ts):
//
//   1. read the entries; skip the ones marked 'sent' (or 'rejected');
//   2. claim the rest with conditional writes (25 to a transaction): a claim succeeds only on a free
//      entry or on one whose lease has run out, so two senders never hold one recipient at once;
//   3. SendRawEmail; 4. mark the entry 'sent' (final) as soon as SES has accepted.
//
// What a retry or a crash at each point leads to:
//   - before 2, or between 2 and 3 (claimed, never sent): the claim's lease runs out and the next
//     attempt claims and sends it. Sent once.
//   - SES refused (throttled, quota, refused): nothing was sent; the claim is released at once (or
//     the send retried after a back-off) and a retry sends it. Sent once.
//   - after 4: the entry says 'sent'; every retry skips it. Sent once.
//   - a replayed stream record, or the same recipient in two batches: the claim condition lets one
//     sender through and the 'sent' mark stops every later one. Sent once.
//
// The one edge that stays at-least-once: SES accepted the message (or may have: a timeout, a
// dropped connection, a 5xx) and the sender died or failed before step 4 was durable. Nothing the
// sender can read tells a message SES accepted from one it never got, because SendRawEmail takes
// no idempotency key, so when that claim's lease runs out the mail is sent again rather than
// risk never sending it (a missed incident mail is worse than a repeated one). The window is the
// time between SES's answer and the mark's write, for the sends in flight at that moment (at
// most the pool's maxInFlight: a send keeps its place in the pool until its mark is durable, so
// marks that back up hold back the next sends, send-pool.ts); marks are written the moment each
// answer arrives, not per batch, to keep it small, and the Lambda handler stops starting sends
// well before its timeout so that a timeout never lands in it.
import type { SendLedgerRepository } from '#app/ports/store';
import type { MarkWriter } from './mark-writer';
import { SendFailure, type Clock, type MailerLog } from './ports';
import type { SendPool } from './send-pool';

export interface DeliveryJob {
  /** The ledger key: one per (mail, recipient). */
  key: string;
  to: string;
  tags: Record<string, string>;
  /** Builds the message (called only once the claim is held). */
  compose(): Promise<Uint8Array>;
  /** The ledger key of the round the job is claimed with (deliver-rounds.ts), when it is. */
  round?: string;
}

export interface DeliveryContext {
  ledger: SendLedgerRepository;
  pool: SendPool;
  marks: MarkWriter;
  /** Who holds the claims this process makes. */
  owner: string;
  clock: Clock;
  log: MailerLog;
  /** How long a claim is its owner's before another sender may take it over. */
  leaseMs: number;
  /** Epoch ms after which no new claims are made (the invocation is about to time out). */
  deadline: number;
  /** Set when SES stops sending for everyone (quota, paused account): the rest waits for a retry. */
  halted?: SendFailure;
}

export interface DeliveryOutcome {
  /** Every job is sent, was sent before, or was rejected for good. */
  complete: boolean;
  sent: number;
  skipped: number;
  rejected: number;
}

export const CLAIMS_PER_ROUND = 25;
/** Rounds of one delivery whose sends may be under way at once. */
export const ROUNDS_AHEAD = 2;
export const MARK_ATTEMPTS = 5;

export async function deliver(ctx: DeliveryContext, jobs: readonly DeliveryJob[]): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { complete: true, sent: 0, skipped: 0, rejected: 0 };
  let pending = [...jobs];
  while (pending.length > 0) {
    const entries = await ctx.ledger.read(pending.map((job) => job.key));
    const now = ctx.clock.now();
    const open: DeliveryJob[] = [];
    const held: DeliveryJob[] = [];
    let heldUntil = Number.POSITIVE_INFINITY;
    for (const job of pending) {
      const entry = entries.get(job.key);
      if (entry?.state === 'sent' || entry?.state === 'rejected') outcome.skipped++;
      else if (entry?.state === 'claimed' && entry.lease_until >= now) {
        held.push(job);
        heldUntil = Math.min(heldUntil, entry.lease_until);
      } else open.push(job);
    }

    // The next round is claimed while the one before it is still sending (at most ROUNDS_AHEAD
    // rounds' sends at once), so the pool has this record's next sends queued before the last
    // ones finish. Every send settles before the record's fate is decided (a failure must not
    // leave sends running behind a retry).
    const sending: Array<Promise<PromiseSettledResult<void>[]>> = [];
    const settle = async (rounds: Array<Promise<PromiseSettledResult<void>[]>>) => {
      const failure = (await Promise.all(rounds)).flat().find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    };
    let stopped = false;
    try {
      for (let i = 0; i < open.length; i += CLAIMS_PER_ROUND) {
        const round = open.slice(i, i + CLAIMS_PER_ROUND);
        if (ctx.halted || ctx.clock.now() > ctx.deadline) {
          stopped = true;
          break;
        }
        const start = ctx.clock.now();
        const claimed = await ctx.ledger.claim(
          round.map((job) => job.key),
          ctx.owner,
          start,
          start + ctx.leaseMs,
          new Date(start).toISOString(),
        );
        // Lost between the read and the claim: another sender has it now; look again later.
        held.push(...round.filter((job) => !claimed.has(job.key)));
        sending.push(Promise.allSettled(round.filter((job) => claimed.has(job.key)).map((job) => sendClaimed(ctx, job, outcome))));
        if (sending.length >= ROUNDS_AHEAD) await settle(sending.splice(0, sending.length - ROUNDS_AHEAD + 1));
      }
    } finally {
      // Whatever happened (a claim that threw included), the sends already started settle first.
      await Promise.allSettled(sending);
    }
    await settle(sending);
    if (stopped) {
      outcome.complete = false;
      return outcome;
    }

    if (held.length === 0) break;
    // Someone else holds these: it will mark them sent, or release them, or its lease runs out.
    const wait = Math.min(2_000, Math.max(200, (Number.isFinite(heldUntil) ? heldUntil : ctx.clock.now()) - ctx.clock.now() + 1));
    if (ctx.halted || ctx.clock.now() + wait > ctx.deadline) {
      outcome.complete = false;
      break;
    }
    await ctx.clock.sleep(wait);
    pending = held;
  }
  return outcome;
}

async function sendClaimed(ctx: DeliveryContext, job: DeliveryJob, outcome: DeliveryOutcome): Promise<void> {
  let marked = false;
  try {
    const raw = await job.compose();
    // The mark is written while the send still holds its place in the pool (send-pool.ts).
    await ctx.pool.send({ raw, to: job.to, tags: job.tags }, async (messageId) => {
      marked = await markSentMail(ctx, job.key, messageId, 'it will be sent again when its claim lapses');
    });
  } catch (error) {
    await failed(ctx, job, error, outcome);
    return;
  }
  if (marked) outcome.sent++;
  else outcome.complete = false;
}

/**
 * SES has the message: from here until the mark is durable is the at-least-once window. Marks it
 * 'sent' (a few tries); false when it could not (logged with `then`, what happens to the mail).
 * Never throws.
 */
export async function markSentMail(ctx: DeliveryContext, key: string, messageId: string, then: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.marks.write({ key, owner: ctx.owner, messageId });
      return true;
    } catch (error) {
      if (attempt >= MARK_ATTEMPTS) {
        ctx.log.error(`could not mark a sent mail; ${then}`, { key, error: String(error) });
        return false;
      }
      await ctx.clock.sleep(50 * 2 ** attempt);
    }
  }
}

async function failed(ctx: DeliveryContext, job: DeliveryJob, error: unknown, outcome: DeliveryOutcome): Promise<void> {
  const kind = error instanceof SendFailure ? error.kind : 'not_sent';
  const at = new Date(ctx.clock.now()).toISOString();
  if (kind === 'rejected') {
    // SES will never take this message: record it, so that no retry tries again.
    await ctx.ledger.markRejected(job.key, ctx.owner, (error as Error).message, at);
    ctx.log.error('SES rejected a message', { key: job.key, error: (error as Error).message });
    outcome.rejected++;
    return;
  }
  outcome.complete = false;
  if (kind === 'unknown') {
    // SES may have sent it: keep the claim; once its lease runs out a retry sends it (at-least-once).
    ctx.log.error('no answer from SES; the claim is kept until its lease runs out', { key: job.key, error: String(error) });
    return;
  }
  // Certainly not sent (throttled past the pool's patience, quota, refused, or composing failed):
  // give the claim back so that a retry can take it at once.
  if (kind === 'quota' || kind === 'refused') ctx.halted ??= error as SendFailure;
  ctx.log.error('a mail was not sent; it will be retried', { key: job.key, kind, error: String(error) });
  await ctx.ledger.release(job.key, ctx.owner);
}
