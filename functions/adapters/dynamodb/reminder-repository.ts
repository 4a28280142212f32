// The scheduler's record of overdue spells: one item per (incident, last update it started from),
// created with the spell's timeline event in one transaction, so the event is written once however
// many sweeps see the spell. Expires (TTL) long after any spell could matter.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ReminderRepository } from '#app/ports/store';
import { ContentionError } from '#core/errors';
import type { TableContext } from './client';
import { toItem } from './items';
import { keys } from './keys';
import { TTL_ATTRIBUTE } from './table-definition';
import { timelineEventPut } from './timeline-repository';
import { commit, plan } from './transactions';

const KEEP_SECONDS = 30 * 24 * 3600;

export function reminderRepository(ctx: TableContext): ReminderRepository {
  const { tableName } = ctx;
  return {
    // The spell and its timeline event, once. Every sweep asks while the spell lasts: a read
    // answers the repeats, so only the first pays for a transaction.
    async recordOverdue(spell, event) {
      const key = keys.overdueReminder(spell.incident_id, spell.last_update_at);
      const { Item } = await ctx.doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true, ProjectionExpression: 'pk' }));
      if (Item) return 'exists';
      const tx = plan();
      tx.add('primary', {
        Put: {
          TableName: tableName,
          Item: {
            ...toItem('reminder', key, spell),
            [TTL_ATTRIBUTE]: Math.floor(Date.parse(spell.recorded_at) / 1000) + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      tx.add('other', timelineEventPut(tableName, event));
      for (let attempt = 1; ; attempt++) {
        const outcome = await commit(ctx, tx);
        if (outcome === 'conflict' && attempt < 5) continue;
        if (outcome === 'conflict') throw new ContentionError('The store is busy; try again.');
        return outcome === 'ok' ? 'created' : 'exists';
      }
    },
  };
}
