import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSchedulerTimer } from '#local/scheduler-timer';

afterEach(() => {
  vi.useRealTimers();
});

describe('startSchedulerTimer', () => {
  it('sweeps once at start (catching up after downtime), then every interval', async () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    let clock = 0;
    const timer = startSchedulerTimer({
      intervalMs: 5_000,
      now: () => new Date(clock).toISOString(),
      run: async (now) => {
        runs.push(now);
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['1970-01-01T00:00:00.000Z']);

    clock = 5_000;
    await vi.advanceTimersByTimeAsync(5_000);
    clock = 10_000;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toHaveLength(3);

    await timer.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(runs).toHaveLength(3);
  });

  it('never overlaps two sweeps, and stop() waits for the one in flight', async () => {
    vi.useFakeTimers();
    let active = 0;
    let most = 0;
    let finished = 0;
    const timer = startSchedulerTimer({
      intervalMs: 1_000,
      run: async () => {
        active++;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        active--;
        finished++;
      },
    });
    void timer.tick();
    await vi.advanceTimersByTimeAsync(10_000);
    const stopping = timer.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    await stopping;

    expect(most).toBe(1);
    expect(active).toBe(0);
    expect(finished).toBeGreaterThanOrEqual(3);
  });

  it('keeps going after a failed sweep', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const timer = startSchedulerTimer({
      intervalMs: 1_000,
      onError: (e) => errors.push(e),
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('table not ready');
      },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await timer.stop();

    expect(errors).toHaveLength(1);
    expect(calls).toBe(2);
  });
});
