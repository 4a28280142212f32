// Console sign-in requests and sessions. Both carry the table's TTL attribute, so DynamoDB forgets
// them after they end; the use cases check the times themselves (TTL deletes lazily).
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SessionRepository } from '#app/ports/store';
import type { Session, SignInRequest } from '#app/sessions/session';
import type { TableContext } from './client';
import { fromItem, toItem } from './items';
import { keys, SESSION_SK_PREFIX } from './keys';
import { queryAll } from './query-all';
import { TTL_ATTRIBUTE } from './table-definition';

const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

export function sessionRepository(ctx: TableContext): SessionRepository {
  const { doc, tableName } = ctx;
  return {
    async createSignInRequest(request: SignInRequest) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...toItem('sign_in_request', keys.signInRequest(request.id), request), [TTL_ATTRIBUTE]: epochSeconds(request.link_expires_at) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    // The delete is the consumption: of two racing uses, exactly one gets the old item back.
    async consumeSignInRequest(id) {
      const { Attributes } = await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.signInRequest(id), ReturnValues: 'ALL_OLD' }));
      return Attributes ? fromItem<SignInRequest>(Attributes) : null;
    },
    async create(session: Session, endsAt) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...toItem('session', keys.session(session.id_hash), session), [TTL_ATTRIBUTE]: epochSeconds(endsAt) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(idHash) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.session(idHash), ConsistentRead: true }));
      return Item ? fromItem<Session>(Item) : null;
    },
    // Only while the session exists: a touch racing a sign-out must not bring it back.
    async touch(idHash, lastSeenAt, endsAt) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.session(idHash),
            UpdateExpression: 'SET last_seen_at = :seen, #ttl = :ttl',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':seen': lastSeenAt, ':ttl': epochSeconds(endsAt) },
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    },
    async list() {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.sessionsPartition(), ':prefix': SESSION_SK_PREFIX },
        ConsistentRead: true,
      });
      return items.map((item) => fromItem<Session>(item));
    },
    async delete(idHash) {
      const { Attributes } = await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.session(idHash), ReturnValues: 'ALL_OLD' }));
      return Attributes !== undefined;
    },
  };
}
