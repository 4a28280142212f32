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
  // The resolved maxWorkers (1 when fileParallelism is off, as in the scale runs), and no more than
  // the files the run has: one file needs one JVM.
  const workers = Math.min(Math.max(1, Number(project.config.maxWorkers) || 1), await filesToRun(project));
  const instances = await Promise.all(Array.from({ length: workers }, () => startDynamoDbLocal({})));
  project.provide(
    'dynamodbEndpoints',
    instances.map((instance) => instance.endpoint),
  );
  return async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
  };
}

/** How many test files this run has: the command line's file filters (`vitest run test/x.test.ts`)
 *  matched like vitest does; every file when there are none. */
async function filesToRun(project: TestProject): Promise<number> {
  const filters = process.argv.slice(2).filter((arg, index, args) => !arg.startsWith('-') && arg !== 'run' && !args[index - 1]?.match(/^--?(c|config|t|testNamePattern|project|reporter|outputFile|exclude|shard|dir|root)$/));
  const specifications = await project.vitest.globTestSpecifications(filters);
  return Math.max(1, specifications.length);
}
