// Exactly-once delivery of a notification batch's mails with one claim per round of 25 recipients
// instead of one per recipient: the ledger write that let a sender through to SES is made once
// for 25 mails, and DynamoDB takes about half the writes a mail (measured on DynamoDB Local with
// bench/mail-rate.ts's ledger floor: ~1.9x the mails a second of the claim-per-recipient ledger).
//
// A round is fixed by the batch (recipients 1–25, 26–50 of the planner's list, which never
// changes), so every sender of a batch forms the same rounds. Per round:
//   1. read the round's entry: 'sent' means the round was finished before (skip it whole); a
//      claim whose lease still runs means another sender has it (look again later);
//   2. claim the round (the same conditional write as a recipient's claim: free, or its lease ran
//      out), so that one sender at a time sends to its recipients;
//   3. read the recipients' entries (strongly consistent, after the claim): skip the 'sent' and
//      'rejected' ones; a recipient claimed on its own whose lease still runs (a mail of the
//      claim-per-recipient kind) is left to its holder;
//   4. SendRawEmail to the rest; mark each recipient 'sent' the moment SES accepts (as deliver.ts);
//   5. when every recipient of the round is settled, mark the round 'sent' (final); when some mail
//      was certainly not sent (throttled past patience, quota, refused), give the round back for
//      a retry; when SES may have taken one without its mark landing, keep the claim until its
//      lease runs out, as deliver.ts keeps a recipient's.
// What a retry or a crash at each point leads to is what deliver.ts says, per round: before 2 or
// between 2 and 4, the claim's lease runs out and the next try sends what has no 'sent' mark;
// after a mark, every later try skips that recipient. The at-least-once edge stays the same one
// (SES accepted, the sender died before the mark): at most the sends in flight at that moment
// (the pool's maxInFlight: a send holds its place until its mark is durable, send-pool.ts).
import type { NotificationBatch } from '#app/notifications/notification';
import { CLAIMS_PER_ROUND, markSentMail, ROUNDS_AHEAD, type DeliveryContext, type DeliveryJob, type DeliveryOutcome } from './deliver';
import { SendFailure } from './ports';

/** The ledger key of round `r` of batch `n` (a recipient's key, `<notification>#<subscriber id>`, has no second '#'). */
export const roundKey = (notificationId: string, n: number, r: number) => `${notificationId}#round#${n}#${r}`;

/** The batch's jobs, each with the round its recipient is in (by the recipient's place in the batch). */
export function inRounds(batch: NotificationBatch, jobs: readonly DeliveryJob[], ledgerKey: (subscriberId: string) => string): DeliveryJob[] {
  const roundOf = new Map(batch.recipients.map((id, i) => [ledgerKey(id), Math.floor(i / CLAIMS_PER_ROUND)]));
  return jobs.map((job) => {
    const r = roundOf.get(job.key);
    return r === undefined ? job : { ...job, round: roundKey(batch.notification_id, batch.n, r) };
  });
}

/** What to do with a round's claim once its sends are over. */
type RoundEnd = 'done' | 'release' | 'keep';

export async function deliverInRounds(ctx: DeliveryContext, jobs: readonly DeliveryJob[]): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { complete: true, sent: 0, skipped: 0, rejected: 0 };
  const rounds = new Map<string, DeliveryJob[]>();
  for (const job of jobs) {
    const list = rounds.get(job.round!);
    if (list) list.push(job);
    else rounds.set(job.round!, [job]);
  }
  let pending = [...rounds.keys()];
  while (pending.length > 0) {
    const entries = await ctx.ledger.read(pending);
    const now = ctx.clock.now();
    const open: string[] = [];
    const held: string[] = [];
    let heldUntil = Number.POSITIVE_INFINITY;
    for (const round of pending) {
      const entry = entries.get(round);
      if (entry?.state === 'sent') outcome.skipped += rounds.get(round)!.length;
      else if (entry?.state === 'claimed' && entry.lease_until >= now) {
        held.push(round);
        heldUntil = Math.min(heldUntil, entry.lease_until);
      } else open.push(round);
    }

    // The next round is claimed while the one before it is still sending (deliver.ts); every
    // round's sends settle before the record's fate is decided.
    const sending: Array<Promise<PromiseSettledResult<void>[]>> = [];
    const settle = async (settling: Array<Promise<PromiseSettledResult<void>[]>>) => {
      const failure = (await Promise.all(settling)).flat().find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    };
    let stopped = false;
    try {
      for (const round of open) {
        if (ctx.halted || ctx.clock.now() > ctx.deadline) {
          stopped = true;
          break;
        }
        const start = ctx.clock.now();
        const claimed = await ctx.ledger.claim([round], ctx.owner, start, start + ctx.leaseMs, new Date(start).toISOString());
        // Lost between the read and the claim: another sender has it now; look again later.
        if (!claimed.has(round)) held.push(round);
        else sending.push(Promise.allSettled([sendRound(ctx, round, rounds.get(round)!, outcome)]));
        if (sending.length >= ROUNDS_AHEAD) await settle(sending.splice(0, sending.length - ROUNDS_AHEAD + 1));
      }
    } finally {
      await Promise.allSettled(sending);
    }
    await settle(sending);
    if (stopped) {
      outcome.complete = false;
      return outcome;
    }

    if (held.length === 0) break;
    // Someone else holds these: it will finish them, or give them back, or its lease runs out.
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

/** Sends a claimed round's mails that no earlier try sent, then settles the round's claim. */
async function sendRound(ctx: DeliveryContext, round: string, jobs: readonly DeliveryJob[], outcome: DeliveryOutcome): Promise<void> {
  const entries = await ctx.ledger.read(jobs.map((job) => job.key));
  const now = ctx.clock.now();
  const open: DeliveryJob[] = [];
  const ends: RoundEnd[] = [];
  for (const job of jobs) {
    const entry = entries.get(job.key);
    if (entry?.state === 'sent' || entry?.state === 'rejected') outcome.skipped++;
    else if (entry?.state === 'claimed' && entry.lease_until >= now) {
      // Claimed on its own by a sender that still holds it: its holder sends it; look again later.
      outcome.complete = false;
      ends.push('release');
    } else open.push(job);
  }
  const settled = await Promise.allSettled(open.map((job) => sendInRound(ctx, job, outcome)));
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  // The ledger failed us: the round's claim stays until its lease runs out, and the record is retried.
  if (failure) throw failure.reason;
  for (const result of settled) if (result.status === 'fulfilled') ends.push(result.value);
  if (ends.includes('keep')) return;
  if (ends.includes('release')) {
    await ctx.ledger.release(round, ctx.owner);
    return;
  }
  // Every recipient of the round is settled: the round is final, and a replay skips it whole. If
  // this mark fails, the claim runs out and the next try reads the recipients' marks instead.
  try {
    await ctx.marks.write({ key: round, owner: ctx.owner, messageId: 'round' });
  } catch (error) {
    ctx.log.error('could not mark a round finished; a retry reads its recipients instead', { key: round, error: String(error) });
  }
}

async function sendInRound(ctx: DeliveryContext, job: DeliveryJob, outcome: DeliveryOutcome): Promise<RoundEnd> {
  let marked = false;
  try {
    const raw = await job.compose();
    // The mark is written while the send still holds its place in the pool (send-pool.ts).
    await ctx.pool.send({ raw, to: job.to, tags: job.tags }, async (messageId) => {
      marked = await markSentMail(ctx, job.key, messageId, 'it will be sent again when its round’s claim lapses');
    });
  } catch (error) {
    const kind = error instanceof SendFailure ? error.kind : 'not_sent';
    const at = new Date(ctx.clock.now()).toISOString();
    if (kind === 'rejected') {
      // SES will never take this message: recorded on the recipient's own entry (claimed first,
      // so that the entry carries its key), so that no retry tries again.
      const nowMs = ctx.clock.now();
      await ctx.ledger.claim([job.key], ctx.owner, nowMs, nowMs + ctx.leaseMs, at);
      await ctx.ledger.markRejected(job.key, ctx.owner, (error as Error).message, at);
      ctx.log.error('SES rejected a message', { key: job.key, error: (error as Error).message });
      outcome.rejected++;
      return 'done';
    }
    outcome.complete = false;
    if (kind === 'unknown') {
      // SES may have sent it: the round's claim is kept until its lease runs out; then a retry sends it (at-least-once).
      ctx.log.error('no answer from SES; the round is kept until its lease runs out', { key: job.key, error: String(error) });
      return 'keep';
    }
    if (kind === 'quota' || kind === 'refused') ctx.halted ??= error as SendFailure;
    ctx.log.error('a mail was not sent; it will be retried', { key: job.key, kind, error: String(error) });
    return 'release';
  }
  if (marked) {
    outcome.sent++;
    return 'done';
  }
  outcome.complete = false;
  return 'keep';
}
