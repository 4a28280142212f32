// Receipts: what became of an incident update on each channel, and an endpoint's last attempts.
import { NotFoundError } from '#core/errors';
import { notificationId } from '../notifications/notification';
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
  mail: { planned: number; delivered: number; bounced: number; complained: number } | null;
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
  const mail = notification?.planned
    ? {
        planned: notification.recipients,
        delivered: notification.delivered_count ?? 0,
        bounced: notification.bounced_count ?? 0,
        complained: notification.complained_count ?? 0,
      }
    : null;
  return { incident_id: incidentId, seq, channels, mail };
}

/** An endpoint's last 50 attempts, newest first. */
export async function readEndpointAttempts(deps: AppDeps, endpointId: string): Promise<DeliveryAttempt[]> {
  const endpoint = await deps.store.channelEndpoints.get(endpointId);
  if (!endpoint) throw new NotFoundError(`No webhook endpoint with id ${endpointId}.`);
  return deps.store.channelDeliveries.attempts(endpointId, 50);
}
