// The local stand-in for EventBridge Scheduler: runs the sweep once at start (catching up on what
// fell due while the stack was down) and then every `intervalMs`. Runs never overlap; stop()
// waits for the one in flight.
export interface SchedulerTimer {
  /** Runs a sweep now (after the one in flight, if any). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export interface SchedulerTimerOptions {
  intervalMs: number;
  /** The sweep, given the time it runs for. */
  run(now: string): Promise<unknown>;
  now?: () => string;
  onError?: (error: unknown) => void;
}

export function startSchedulerTimer(options: SchedulerTimerOptions): SchedulerTimer {
  const now = options.now ?? (() => new Date().toISOString());
  const onError = options.onError ?? ((error) => console.error('scheduler:', error));
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await options.run(now());
      } catch (error) {
        onError(error);
      }
    });
    return running;
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      void tick().then(() => {
        if (!stopped) schedule();
      });
    }, options.intervalMs);
    timer.unref?.();
  };
  void tick().then(() => {
    if (!stopped) schedule();
  });

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
