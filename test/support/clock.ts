// The one clock of a test world. Every part of the world — the use cases' `now()`, the mailer's
// leases and pacing, tokens, rate limits — reads it, so no test passes or fails by the day it
// runs on (the suite also runs with the system date a year ahead; see .ci/run).
//
// It starts at a fixed instant and moves only when a test moves it, or when code sleeps on it
// ("jump" mode: a sleep advances it at once). `paceInRealTime()` switches it to move with real
// elapsed time from where it stands, for tests where two workers race in real time and must
// judge each other's leases by time that really passes.
import type { Clock } from '#mailer/ports';

/** Where every test world's clock starts unless the test says otherwise. */
export const TEST_EPOCH = '2026-11-27T08:00:00.000Z';

export interface TestClock extends Clock {
  /** ISO 8601 of now. */
  iso(): string;
  /** Puts the clock at an instant (ISO 8601 or epoch ms). */
  set(at: string | number): void;
  advance(ms: number): void;
  /** From here on the clock moves with real elapsed time and sleeps really wait. */
  paceInRealTime(): void;
}

export function testClock(start: string | number = TEST_EPOCH): TestClock {
  let anchor = typeof start === 'number' ? start : Date.parse(start);
  let realSince: number | null = null; // performance.now() when real pacing began
  const now = () => (realSince === null ? anchor : anchor + (performance.now() - realSince));
  return {
    now,
    iso: () => new Date(now()).toISOString(),
    set(at) {
      anchor = typeof at === 'number' ? at : Date.parse(at);
      if (Number.isNaN(anchor)) throw new Error(`not a time: ${String(at)}`);
      if (realSince !== null) realSince = performance.now();
    },
    advance(ms) {
      anchor += ms;
    },
    paceInRealTime() {
      if (realSince !== null) return;
      realSince = performance.now();
    },
    async sleep(ms) {
      if (realSince !== null) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
        return;
      }
      anchor += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
