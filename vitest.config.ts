import { defineConfig } from 'vitest/config';
import { reportersFor } from './test/setup/reporters';
import SlowestFirstSequencer from './test/setup/slow-first-sequencer';

// The suite. Scale tests (*.scale.test.ts: 100,000 subscribers, 10,000 maintenance windows) seed
// DynamoDB Local hard enough to starve every other file, so they run after this one, on their
// own (vitest.scale.config.ts; `npm test` runs both).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/**/*.scale.test.ts'],
    globalSetup: ['test/setup/dynamodb-global.ts'],
    setupFiles: ['test/setup/quiet-warnings.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two at a time even on two cores (vitest would use one): the files wait on DynamoDB Local
    // and the stand-ins more than they compute (measured: 835 s → 552 s, every test green).
    // HERALD_TEST_WORKERS changes it (for measuring, or a machine with more cores).
    maxWorkers: Number(process.env.HERALD_TEST_WORKERS) || 2,
    sequence: { sequencer: SlowestFirstSequencer },
    reporters: reportersFor('suite'),
  },
});
