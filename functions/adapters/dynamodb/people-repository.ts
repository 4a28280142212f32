// People: one partition for everyone, and a count of admins kept in the same transactions, whose
// condition refuses the change that would take the last admin away (however many race for it).
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Person } from '#app/people/person';
import type { PersonRepository, WriteOptions } from '#app/ports/store';
import { IdempotencyKeyTakenError } from '#core/errors';
import type { TableContext } from './client';
import { fromItem, idempotencyPut, toItem } from './items';
import { keys, PEOPLE_SK_PREFIX } from './keys';
import { queryAll } from './query-all';
import { cancellationCodes, isTransactionConflict } from './transactions';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Failure = 'person' | 'admins' | 'conflict';

const CONFLICT_RETRIES = 5;

export function peopleRepository(ctx: TableContext): PersonRepository {
  const { doc, tableName } = ctx;

  const adminsPlusOne = (): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: keys.peopleAdmins(),
      UpdateExpression: 'ADD admins :one SET #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'people_admins' },
    },
  });
  // Only while another admin remains.
  const adminsMinusOne = (): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: keys.peopleAdmins(),
      UpdateExpression: 'SET admins = admins - :one',
      ConditionExpression: 'admins > :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  });
  const adminsChange = (from: Person['role'] | null, to: Person['role'] | null): TransactItem[] => {
    if (from !== 'admin' && to === 'admin') return [adminsPlusOne()];
    if (from === 'admin' && to !== 'admin') return [adminsMinusOne()];
    return [];
  };

  /** Writes the items together; which condition failed, if one did (the person's is item 0). */
  const write = async (items: TransactItem[], options?: WriteOptions): Promise<Failure | null> => {
    const all = options?.idempotency ? [...items, idempotencyPut(tableName, options.idempotency) as TransactItem] : items;
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: all }));
      return null;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (isTransactionConflict(error)) return 'conflict';
      const failed = (index: number) => codes[index] === 'ConditionalCheckFailed';
      if (options?.idempotency && failed(all.length - 1)) {
        throw new IdempotencyKeyTakenError('The Idempotency-Key was used by a concurrent request.');
      }
      if (failed(0)) return 'person';
      if (items.length > 1 && failed(1)) return 'admins';
      throw error;
    }
  };

  const put = (person: Person, condition: Record<string, unknown>): TransactItem => ({
    Put: { TableName: tableName, Item: toItem('person', keys.person(person.email), person), ...condition },
  });
  const atVersion = (version: number) => ({
    ConditionExpression: 'attribute_exists(pk) AND version = :expected',
    ExpressionAttributeValues: { ':expected': version },
  });

  return {
    // One person by normalised email.
    async get(email) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.person(email), ConsistentRead: true }));
      return Item ? fromItem<Person>(Item) : null;
    },

    // Everyone, by email.
    async list() {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.peoplePartition(), ':prefix': PEOPLE_SK_PREFIX },
        ConsistentRead: true,
      });
      return items.map((item) => fromItem<Person>(item));
    },

    // A new person (an admin is counted in the same write).
    async create(person, options) {
      const items = [put(person, { ConditionExpression: 'attribute_not_exists(pk)' }), ...adminsChange(null, person.role)];
      for (let attempt = 1; ; attempt++) {
        const failure = await write(items, options);
        if (failure === null) return 'created';
        if (failure === 'person') return 'exists';
        if (failure !== 'conflict' || attempt >= CONFLICT_RETRIES) throw new Error(`Could not add ${person.email}: ${failure}`);
      }
    },

    // Replaces a person at the version the caller read.
    async save(next, current) {
      const failure = await write([put(next, atVersion(current.version)), ...adminsChange(current.role, next.role)]);
      if (failure === null) return 'saved';
      return failure === 'admins' ? 'last_admin' : 'stale';
    },

    // Removes a person at the version the caller read.
    async delete(current) {
      const failure = await write([
        { Delete: { TableName: tableName, Key: keys.person(current.email), ...atVersion(current.version) } },
        ...adminsChange(current.role, null),
      ]);
      if (failure === null) return 'deleted';
      return failure === 'admins' ? 'last_admin' : 'stale';
    },
  };
}
