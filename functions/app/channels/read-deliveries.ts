// Receipts: what became of an incident update on each channel, and an endpoint's last attempts.
import { NotFoundError } from '#core/errors';
import { notificationId, type Notification } from '../notifications/notification';
import type { AppDeps } from '../deps';
import type { DeliveryAttempt, DeliveryState } from './delivery';
import { ENDPOINT_KINDS, type EndpointKind } from './endpoint';

export interface ChannelCounts {
  /** Deliveries made for it (one per endpoint it concerned when it was posted). */
  planned: number;
  /** At least one request went out. */
  sent: number;
  /** A 2xx answer. */
  delivered: number;
  /** Given up: the endpoint was disabled (410) while this was its oldest. */
  failed: number;
  /** Queued or being retried. */
  pending: number;
  /** A newer update of the incident was sent in its place. */
  superseded: number;
}

export interface UpdateDeliveries {
  incident_id: string;
  seq: number;
  channels: Record<EndpointKind, ChannelCounts>;
  /** Mail: how many subscribers the fan-out planned, and what SES said of their mails (its delivery
   *  events, counted once each); null: no mail for this update, not planned yet, or older than 14 days. */
  mail: MailCounts | null;
}

export interface MailCounts {
  /** Subscribers the fan-out planned to mail. */
  planned: number;
  /** SES accepted their mail. */
  sent: number;
  /** SES's delivery events: the receiving server accepted the mail. */
  delivered: number;
  bounced: number;
  complained: number;
  /** SES refused the mail for good. */
  failed: number;
  /** Not settled yet: being sent, or waiting for a retry. */
  pending: number;
  /** No mail was due any more: the subscriber left, was suppressed or changed their filter since planning. */
  skipped: number;
}

const zero = (): ChannelCounts => ({ planned: 0, sent: 0, delivered: 0, failed: 0, pending: 0, superseded: 0 });

const COUNTED: Partial<Record<DeliveryState, keyof ChannelCounts>> = {
  delivered: 'delivered',
  failed: 'failed',
  pending: 'pending',
  superseded: 'superseded',
  unknown: 'delivered',
};

export async function readUpdateDeliveries(deps: AppDeps, incidentId: string, seq: number): Promise<UpdateDeliveries> {
  const incident = await deps.store.incidents.get(incidentId);
  if (!incident) throw new NotFoundError(`No incident with id ${incidentId}.`);
  if (!incident.updates.some((u) => u.seq === seq)) throw new NotFoundError(`Incident ${incidentId} has no update ${seq}.`);
  const [deliveries, notification] = await Promise.all([
    deps.store.channelDeliveries.ofChange(`incident_update:${incidentId}:${seq}`),
    deps.store.notifications.get(notificationId('incident', incidentId, seq)),
  ]);
  const channels = Object.fromEntries(ENDPOINT_KINDS.map((kind) => [kind, zero()])) as Record<EndpointKind, ChannelCounts>;
  for (const delivery of deliveries) {
    const counts = channels[delivery.kind];
    counts.planned++;
    if (delivery.attempts > 0) counts.sent++;
    const bucket = COUNTED[delivery.state];
    if (bucket) counts[bucket]++;
  }
  const mail = notification?.planned ? await mailCounts(deps, notification) : null;
  return { incident_id: incidentId, seq, channels, mail };
}

async function mailCounts(deps: AppDeps, notification: Notification): Promise<MailCounts> {
  // A batch without a tally hasn't finished a try yet: its recipients count as pending.
  const settled = { sent: 0, failed: 0, skipped: 0 };
  for (const tally of await deps.store.notifications.batchTallies(notification.id)) {
    settled.sent += tally.sent;
    settled.failed += tally.failed;
    settled.skipped += tally.skipped;
  }
  return {
    planned: notification.recipients,
    sent: settled.sent,
    delivered: notification.delivered_count ?? 0,
    bounced: notification.bounced_count ?? 0,
    complained: notification.complained_count ?? 0,
    failed: settled.failed,
    pending: Math.max(0, notification.recipients - settled.sent - settled.failed - settled.skipped),
    skipped: settled.skipped,
  };
}

/** An endpoint's last 50 attempts, newest first. */
export async function readEndpointAttempts(deps: AppDeps, endpointId: string): Promise<DeliveryAttempt[]> {
  const endpoint = await deps.store.channelEndpoints.get(endpointId);
  if (!endpoint) throw new NotFoundError(`No webhook endpoint with id ${endpointId}.`);
  return deps.store.channelDeliveries.attempts(endpointId, 50);
}
