// Incidents' internal timelines: one item per event in the incident's own partition
// (sk EVENT#<at>#<n>), written by the incident repository in the same transaction as the change
// that caused it. The incident reads (and so the public page) never read them: see keys.ts.
import type { TimelineRepository } from '#app/ports/store';
import { byTime, type TimelineEvent } from '#core/timeline';
import type { TableContext } from './client';
import { fromItem, toItem } from './items';
import { EVENT_SK_PREFIX, keys } from './keys';
import { queryAll } from './query-all';
import { commit, plan } from './transactions';

/** The Put of one event; it never overwrites (an event is recorded once). */
export function timelineEventPut(tableName: string, event: TimelineEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: toItem('incident_event', keys.incidentEvent(event.incident_id, event.at, event.n), event),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function timelineRepository(ctx: TableContext): TimelineRepository {
  return {
    // An incident's events, oldest first.
    async list(incidentId) {
      const items = await queryAll(ctx, {
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': keys.incidentPartition(incidentId), ':event': EVENT_SK_PREFIX },
        ConsistentRead: true,
      });
      return items.map((item) => fromItem<TimelineEvent>(item)).sort(byTime);
    },

    // One event on its own (an internal note), with the request's idempotency record when there is one.
    async record(event, options) {
      const tx = plan();
      tx.add('primary', timelineEventPut(ctx.tableName, event));
      tx.withOptions(ctx.tableName, options);
      return (await commit(ctx, tx)) === 'ok' ? 'created' : 'exists';
    },
  };
}
