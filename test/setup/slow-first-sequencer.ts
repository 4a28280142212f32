// The suite's file order. Vitest runs the files it has no timings for largest first; on a fresh
// clone (CI) that put a 36-line file that runs for minutes (the 2,000-subscriber fan-out) last,
// alone on one worker while the other idled. The files measured slowest on a fresh-clone run
// (two workers, quiet machine; seconds in the comments) start first, longest first; the rest
// keep vitest's own order.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const SLOWEST_FIRST = [
  'test/console/journey.browser.test.ts', // 128
  'test/site/browser.test.ts', // 85
  'test/mailer/exactly-once.test.ts', // 62
  'test/local/stopping.test.ts', // 61
  'test/mailer/throttling.test.ts', // 47
  'test/local/people-cli.test.ts', // 34
  'test/infra/synth-output.test.ts', // 34
  'test/api/subscribers.test.ts', // 33
  'test/cli/commands.test.ts', // 31
  'test/channels/delivery-ledger-batches.test.ts', // 28
  'test/mailer/fan-out-2000.test.ts', // 19 alone (163 as the run's last file)
  'test/infra/bundles.test.ts', // 23
  'test/local/local-stack.test.ts', // 21
  'test/api/maintenances.test.ts', // 20
  'test/api/public-security.test.ts', // 19
  'test/mailer/local-stack-mail.test.ts', // 19
  'test/local/dynamodb-local.test.ts', // 17
  'test/channels/delivery.test.ts', // 16
  'test/mailer/render.test.ts', // 16
];

export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = SLOWEST_FIRST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return at === -1 ? SLOWEST_FIRST.length : at;
    };
    return sorted.map((spec, index) => ({ spec, index })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index).map(({ spec }) => spec);
  }
}
