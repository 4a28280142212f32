// Update cadence reminders: an open incident is overdue once the time its last public update
// promised ("next update by") has passed, or, for incidents stored without a promise, once that
// update is older than its severity's cadence (core/cadence.ts). Each overdue spell (identified by the last_update_at it
// started from) is recorded once, with its timeline event, and the responders get one mail each
// per spell, through the send ledger:
//   - read the ledger: an address marked sent (or rejected for good) is done;
//   - claim the rest (a conditional write with a lease): only one sweep holds an address at a time;
//   - send, then mark it sent; a send SES certainly refused releases the claim for the next sweep;
//     one SES may have taken (no answer) keeps the claim: sent again only once its lease lapses.
// So a second sweep, a retried tick or an overlapping one never mails twice, and a sweep that
// failed (or a stack that was down) is caught up by the next one.
import { overdueSince } from '#core/cadence';
import { writtenByImport } from '#core/import-source';
import type { IncidentWithUpdates } from '#core/model';
import { overdueEvent } from '#core/timeline';
import { SendFailure } from '#mailer/ports';
import { composeOverdueReminder } from './overdue-reminder-mail';
import { SYSTEM_ACTOR, type WorkflowDeps } from './workflow-deps';

export interface OverdueOutcome {
  incident_id: string;
  since: string;
  /** Reminders this sweep sent. */
  mailed: number;
  /** The spell was new to this sweep (its timeline event was written now). */
  recorded: boolean;
}

export function reminderSendKey(incidentId: string, lastUpdateAt: string, email: string): string {
  return `reminder#overdue#${incidentId}#${lastUpdateAt}#${email.toLowerCase()}`;
}

/** Remind of one incident if it is overdue at `now`; null when it is not. */
export async function remindIfOverdue(
  deps: WorkflowDeps,
  incident: IncidentWithUpdates,
  now: string,
  owner: string,
): Promise<OverdueOutcome | null> {
  // An imported incident that looks overdue reminds nobody until someone updates it in Herald.
  if (writtenByImport(incident)) return null;
  const policy = deps.config.severities[incident.severity];
  const since = overdueSince(incident, policy, now);
  if (since === null) return null;
  // Null when the due time was the last update's promise, not the cadence's rule.
  const cadenceMinutes =
    incident.next_update_at == null && policy.update_cadence.kind === 'fixed' ? policy.update_cadence.minutes : null;
  const responders = [...new Set(deps.config.email.responders.map((r) => r.trim()).filter(Boolean))];
  const suppressed =
    responders.length > 0 ? await deps.store.suppressions.suppressedAmong(responders.map((r) => r.toLowerCase())) : new Set<string>();
  const recipients = responders.filter((r) => !suppressed.has(r.toLowerCase()));

  const recorded =
    (await deps.store.reminders.recordOverdue(
      { incident_id: incident.id, last_update_at: incident.last_update_at, since, recorded_at: now },
      overdueEvent({
        incident,
        since,
        cadenceMinutes,
        at: now,
        actor: SYSTEM_ACTOR,
        responders: deps.responderMail ? recipients.length : 0,
      }),
    )) === 'created';

  const outcome: OverdueOutcome = { incident_id: incident.id, since, mailed: 0, recorded };
  const mail = deps.responderMail;
  if (!mail || recipients.length === 0) return outcome;

  const byKey = new Map(recipients.map((to) => [reminderSendKey(incident.id, incident.last_update_at, to), to]));
  const nowMs = Date.parse(now);
  const entries = await deps.store.sendLedger.read([...byKey.keys()]);
  const open = [...byKey.keys()].filter((key) => {
    const entry = entries.get(key);
    return !entry || (entry.state === 'claimed' && entry.lease_until < nowMs);
  });
  if (open.length === 0) return outcome;
  const held = await deps.store.sendLedger.claim(open, owner, nowMs, nowMs + (deps.leaseMs ?? 120_000), now);
  for (const key of held) {
    const to = byKey.get(key)!;
    let messageId: string;
    try {
      const raw = await composeOverdueReminder({
        incident,
        since,
        cadenceMinutes,
        from: mail.from,
        to,
        config: deps.config,
      });
      messageId = await mail.sender.send({ raw, to, tags: { 'herald-mail': 'overdue-reminder', 'herald-incident': incident.id } });
    } catch (error) {
      const kind = error instanceof SendFailure ? error.kind : 'not_sent';
      deps.log.error('an overdue reminder was not sent', { incident_id: incident.id, to, kind, error: String(error) });
      if (kind === 'rejected') await deps.store.sendLedger.markRejected(key, owner, String(error), now);
      else if (kind !== 'unknown') await deps.store.sendLedger.release(key, owner);
      continue;
    }
    await deps.store.sendLedger.markSent([{ key, owner, messageId }], now);
    outcome.mailed++;
  }
  return outcome;
}
