import { defineConfig } from 'vitest/config';
import { reportersFor } from './test/setup/reporters';

// The scale tests. test/setup/run-scale-tests.mjs runs each file with this config in a run of its
// own, so each gets a DynamoDB Local of its own (see vitest.config.ts).
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
