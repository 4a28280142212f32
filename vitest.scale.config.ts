import { defineConfig } from 'vitest/config';
import { reportersFor } from './test/setup/reporters';

// The scale tests, one file at a time on a DynamoDB Local of their own (see vitest.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.scale.test.ts'],
    globalSetup: ['test/setup/dynamodb-global.ts'],
    setupFiles: ['test/setup/quiet-warnings.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: reportersFor('scale'),
  },
});
