// Which pages a stream record concerns: a record whose old image was listed on another history
// month than its new one (or that has none: deleted) names the month it left.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { siteChangesOf } from '#publisher/site-changes';

const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as never;

function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', before?: Record<string, unknown>, after?: Record<string, unknown>): DynamoDBRecord {
  return { eventName, dynamodb: { ...(before ? { OldImage: image(before) } : {}), ...(after ? { NewImage: image(after) } : {}), SequenceNumber: '1' } };
}

const incident = (created_at: string) => ({ type: 'incident', id: 'INC-1', created_at, title: 'Down' });
const window = (scheduled_for: string) => ({ type: 'maintenance', id: 'MNT-1', scheduled_for });

describe('siteChangesOf', () => {
  it('names no month left when an incident stays in its month', () => {
    expect(siteChangesOf([record('MODIFY', incident('2026-11-02T10:00:00.000Z'), incident('2026-11-30T23:00:00.000Z'))])).toEqual([{ kind: 'incident', id: 'INC-1' }]);
    expect(siteChangesOf([record('INSERT', undefined, incident('2026-11-02T10:00:00.000Z'))])).toEqual([{ kind: 'incident', id: 'INC-1' }]);
  });

  it('names the month an incident left when its declaration moved, or it was deleted', () => {
    expect(siteChangesOf([record('MODIFY', incident('2026-10-31T23:59:00.000Z'), incident('2026-11-01T00:00:00.000Z'))])).toEqual([
      { kind: 'incident', id: 'INC-1', previousMonth: '2026-10' },
    ]);
    expect(siteChangesOf([record('REMOVE', incident('2025-03-04T10:00:00.000Z'))])).toEqual([{ kind: 'incident', id: 'INC-1', previousMonth: '2025-03' }]);
  });

  it('names the month a maintenance window left when its start moved to another month', () => {
    expect(siteChangesOf([record('MODIFY', window('2026-11-30T22:00:00.000Z'), window('2026-12-01T02:00:00.000Z'))])).toEqual([
      { kind: 'maintenance', id: 'MNT-1', previousMonth: '2026-11' },
    ]);
    expect(siteChangesOf([record('MODIFY', window('2026-11-03T22:00:00.000Z'), window('2026-11-04T02:00:00.000Z'))])).toEqual([{ kind: 'maintenance', id: 'MNT-1' }]);
  });
});
