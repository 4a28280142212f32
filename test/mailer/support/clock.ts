// The mail suites use the one test clock (test/support/clock.ts).
export { testClock, TEST_EPOCH, type TestClock } from '../../support/clock';
