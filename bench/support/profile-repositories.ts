// Where the channels benchmark's time goes (BENCH_PROFILE=1): every method of the given
// repositories is wrapped in place (the worker holds the same objects), counting calls and the
// time each took (its own and its wait for DynamoDB Local), and the span each method was busy
// over since the last reset.
export interface MethodProfile {
  calls: number;
  totalMs: number;
  firstStart: number;
  lastEnd: number;
}

export function profileRepositories(repositories: Record<string, object>) {
  let profile = new Map<string, MethodProfile>();
  for (const [name, repository] of Object.entries(repositories)) {
    const methods = repository as Record<string, unknown>;
    for (const [method, fn] of Object.entries(methods)) {
      if (typeof fn !== 'function') continue;
      const key = `${name}.${method}`;
      methods[method] = async (...args: unknown[]) => {
        const start = performance.timeOrigin + performance.now();
        try {
          return await (fn as (...a: unknown[]) => Promise<unknown>).apply(repository, args);
        } finally {
          const end = performance.timeOrigin + performance.now();
          let p = profile.get(key);
          if (!p) profile.set(key, (p = { calls: 0, totalMs: 0, firstStart: start, lastEnd: end }));
          p.calls++;
          p.totalMs += end - start;
          p.lastEnd = Math.max(p.lastEnd, end);
        }
      };
    }
  }
  return {
    /** One line per method: calls, mean ms a call, busy from .. to (seconds after `since`). */
    report(since: number): string {
      return [...profile.entries()]
        .sort((a, b) => b[1].totalMs - a[1].totalMs)
        .map(([key, p]) => `  ${key}: ${p.calls} calls, ${(p.totalMs / p.calls).toFixed(1)} ms each, ${((p.firstStart - since) / 1000).toFixed(2)}–${((p.lastEnd - since) / 1000).toFixed(2)} s`)
        .join('\n');
    },
    reset() {
      profile = new Map();
    },
  };
}
