// POST /v1/subscribers: a responder imports up to 1,000 addresses (e.g. from Statuspage). With
// `confirmed: true` they are mailed from now on (the responder vouches for their consent); without
// it each gets a confirmation mail first, like a sign-up. Existing and suppressed addresses are
// skipped, never overwritten, and so are addresses that left the list (unsubscribed, or removed
// by a responder) until the person confirms a new subscription themselves. A dry run
// (`dry_run: true`) classifies every address the same way and writes nothing.
import { ValidationError, type FieldError } from '#core/errors';
import { idempotencyRecord, type RequestContext } from '../context';
import type { SubscriptionDeps } from './deps';
import { isValidEmail, normalizeEmail, subscriberIdFor } from './email-address';
import { pendingExpiry, type Subscriber } from './subscriber';

export interface ImportInput {
  subscribers: Array<{ email: string; components?: string[] }>;
  confirmed?: boolean;
  /** True: classify every address exactly as an import would, and write nothing. */
  dry_run?: boolean;
}

/** Why an address was not imported. unsubscribed: it left by its own unsubscribe link; removed: a
 *  responder deleted it (both stand until the person confirms a new subscription). */
export const SKIP_REASONS = ['invalid', 'duplicate', 'exists', 'suppressed', 'unsubscribed', 'removed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface ImportResult {
  imported: number;
  skipped: number;
  skipped_addresses: Array<{ email: string; reason: SkipReason }>;
  /** Only on a dry run (`imported` then counts what would be imported): true, and the addresses
   *  that would be imported (new ones, and pending ones `confirmed` would confirm), in input order. */
  dry_run?: true;
  would_import?: string[];
}

export const MAX_IMPORT = 1000;

export async function importSubscribers(deps: SubscriptionDeps, input: ImportInput, ctx: RequestContext): Promise<ImportResult> {
  if (input.subscribers.length > MAX_IMPORT) {
    throw new ValidationError(`At most ${MAX_IMPORT} subscribers a call.`, [{ path: 'subscribers', message: 'too many' }]);
  }
  const confirmed = input.confirmed ?? false;
  const known = new Set((await deps.store.components.list()).map((c) => c.id));
  const unknownComponents: FieldError[] = [];
  input.subscribers.forEach((entry, index) => {
    for (const id of entry.components ?? []) {
      if (!known.has(id)) unknownComponents.push({ path: `subscribers.${index}.components`, message: `unknown component ${id}` });
    }
  });
  if (unknownComponents.length > 0) throw new ValidationError('Some component ids do not exist.', unknownComponents);

  const skipped: ImportResult['skipped_addresses'] = [];
  const candidates = new Map<string, Subscriber>();
  for (const entry of input.subscribers) {
    if (!isValidEmail(entry.email)) {
      skipped.push({ email: entry.email, reason: 'invalid' });
      continue;
    }
    const email = normalizeEmail(entry.email);
    const id = subscriberIdFor(email);
    if (candidates.has(id)) {
      skipped.push({ email, reason: 'duplicate' });
      continue;
    }
    candidates.set(id, {
      id,
      email,
      status: confirmed ? 'confirmed' : 'pending',
      components: [...new Set(entry.components ?? [])].sort(),
      source: 'import',
      created_at: ctx.now,
      updated_at: ctx.now,
      confirmed_at: confirmed ? ctx.now : null,
      confirm_requested_at: confirmed ? null : ctx.now,
      version: 1,
    });
  }

  const [suppressed, existing] = await Promise.all([
    deps.store.suppressions.suppressedAmong([...candidates.values()].map((s) => s.email)),
    deps.store.subscribers.getMany([...candidates.keys()]),
  ]);
  // Whether an address left matters only for one neither suppressed nor confirmed already (those
  // are skipped whatever it says): an import run again reads two keys an address, not three.
  const left = await deps.store.subscribers.leftAmong(
    [...candidates.values()].filter((s) => !suppressed.has(s.email) && existing.get(s.id)?.status !== 'confirmed').map((s) => s.id),
  );
  const fresh: Subscriber[] = [];
  const upgrades: Array<{ current: Subscriber; next: Subscriber }> = [];
  for (const candidate of candidates.values()) {
    const current = existing.get(candidate.id);
    const gone = left.get(candidate.id);
    if (suppressed.has(candidate.email)) skipped.push({ email: candidate.email, reason: 'suppressed' });
    else if (gone && current?.status !== 'confirmed') skipped.push({ email: candidate.email, reason: gone.reason });
    else if (!current) fresh.push(candidate);
    else if (confirmed && current.status === 'pending') {
      // The responder vouches for an address that had not confirmed yet.
      upgrades.push({
        current,
        next: { ...current, status: 'confirmed', confirmed_at: ctx.now, updated_at: ctx.now, version: current.version + 1 },
      });
    } else skipped.push({ email: candidate.email, reason: 'exists' });
  }

  if (input.dry_run) {
    const would = new Set([...fresh.map((s) => s.id), ...upgrades.map((u) => u.current.id)]);
    const would_import = [...candidates.values()].filter((s) => would.has(s.id)).map((s) => s.email);
    return { imported: would_import.length, skipped: skipped.length, skipped_addresses: skipped, dry_run: true, would_import };
  }

  let imported = 0;
  for (const { current, next } of upgrades) {
    if ((await deps.store.subscribers.save(next, current.version)) === 'saved') imported++;
    else skipped.push({ email: next.email, reason: 'exists' });
  }
  // The answer a replay of this request returns is stored with the last write, so it is the one
  // expected once the writes land (a sign-up racing in between is the only way it can differ).
  const expected: ImportResult = { imported: imported + fresh.length, skipped: skipped.length, skipped_addresses: [...skipped] };
  const { created, existed } = await deps.store.subscribers.createMany(
    fresh.map((subscriber) => ({
      subscriber,
      expiresAt: subscriber.confirm_requested_at ? pendingExpiry(subscriber.confirm_requested_at) : undefined,
    })),
    { idempotency: idempotencyRecord(ctx, expected) },
  );
  imported += created.length;
  for (const id of existed) skipped.push({ email: candidates.get(id)!.email, reason: 'exists' });
  return { imported, skipped: skipped.length, skipped_addresses: skipped };
}
