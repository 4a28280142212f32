// vitest globalSetup: an in-memory DynamoDB Local per test worker, on free ports. Suites reach
// their worker's through testDynamoDbEndpoint() (test/support/dynamodb.ts) and make their own
// tables. One per worker, not one for the run: two workers' transactions no longer wait on each
// other's locks, and each JVM holds half of the run's tables and streams.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One endpoint per worker (VITEST_POOL_ID 1 → the first). */
    dynamodbEndpoints: string[];
  }
}

export default async function setup(project: TestProject) {
  // The resolved maxWorkers (1 when fileParallelism is off, as in the scale runs).
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const instances = await Promise.all(Array.from({ length: workers }, () => startDynamoDbLocal({})));
  project.provide(
    'dynamodbEndpoints',
    instances.map((instance) => instance.endpoint),
  );
  return async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
  };
}
