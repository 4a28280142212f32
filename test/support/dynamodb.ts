// A fresh Herald table on the worker's DynamoDB Local (test/setup/dynamodb-global.ts) per call, so
// suites never share data.
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createTableInput } from '#adapters/dynamodb/table-definition';
import { localAws } from './local-aws';

export interface TestTable {
  tableName: string;
  client: DynamoDBClient;
  endpoint: string;
  drop(): Promise<void>;
}

/** The DynamoDB Local of this test worker (test/setup/dynamodb-global.ts starts one per worker). */
export function testDynamoDbEndpoint(): string {
  const endpoints = inject('dynamodbEndpoints');
  const worker = Number(process.env.VITEST_POOL_ID) || 1;
  return endpoints[(worker - 1) % endpoints.length]!;
}

export async function createTestTable(): Promise<TestTable> {
  const endpoint = testDynamoDbEndpoint();
  const tableName = `herald-test-${randomUUID()}`;
  const client = new DynamoDBClient({ endpoint, ...localAws });
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: tableName });
  return {
    tableName,
    client,
    endpoint,
    async drop() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
}
