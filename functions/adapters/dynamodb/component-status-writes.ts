// The transaction items that move a component's status: the component itself (its cached
// status) and one history entry, written together with whatever caused the move.
import type { ComponentStatusWrite } from '#app/ports/store';
import { keys } from './keys';

export function componentStatusItems(tableName: string, write: ComponentStatusWrite) {
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.component(write.id),
        UpdateExpression: 'SET #status = :status, updated_at = :at ADD version :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': write.status, ':at': write.at, ':one': 1 },
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.componentStatus(write.id, write.at, write.cause),
          type: 'component_status',
          component_id: write.id,
          status: write.status,
          from: write.at,
        },
      },
    },
  ];
}
