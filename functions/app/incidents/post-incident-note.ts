// An internal note on an incident: a timeline event of kind `note`, recorded with the person or key
// who wrote it. Never published: the publisher and the mailer ignore timeline items (their stream
// handlers act on incidents, updates and components only), and the incident reads never load them.
import { randomUUID } from 'node:crypto';
import { ContentionError, NotFoundError, ValidationError } from '#core/errors';
import { MAX_NOTE_LENGTH, noteEvent, type TimelineEvent } from '#core/timeline';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';

export interface PostIncidentNoteInput {
  /** Markdown, at most MAX_NOTE_LENGTH characters. */
  message: string;
}

/** Records an internal note on the incident and returns its timeline event. */
export async function postIncidentNote(
  deps: AppDeps,
  ctx: RequestContext,
  incidentId: string,
  input: PostIncidentNoteInput,
): Promise<TimelineEvent> {
  const message = input.message.trim();
  if (message.length === 0 || message.length > MAX_NOTE_LENGTH) {
    const reason = message.length === 0 ? 'empty' : `longer than ${MAX_NOTE_LENGTH} characters`;
    throw new ValidationError(`message: ${reason}.`, [{ path: 'message', message: reason }]);
  }
  const incident = await deps.store.incidents.get(incidentId);
  if (!incident) throw new NotFoundError(`No incident with id ${incidentId}.`);
  const event = noteEvent({ incidentId, unique: randomUUID(), at: ctx.now, actor: ctx.actor, message });
  const outcome = await deps.store.timeline.record(event, { idempotency: idempotencyRecord(ctx, event) });
  // A random key never collides; 'exists' would mean it did.
  if (outcome !== 'created') throw new ContentionError('The note could not be recorded; try again.');
  return event;
}
