// Optimistic concurrency: re-read and re-apply until the write lands on the version it read.
import { ContentionError } from '#core/errors';

export interface Attempt<T> {
  outcome: 'saved' | 'stale';
  result: T;
}

/**
 * Runs `attempt` until it saves. Each attempt re-reads, so concurrent changes are all kept:
 * none lost, none rejected for a race. Jittered backoff keeps racers from colliding again.
 */
export async function untilSaved<T>(attempt: () => Promise<Attempt<T>>, maxAttempts = 40): Promise<T> {
  for (let n = 1; n <= maxAttempts; n++) {
    const { outcome, result } = await attempt();
    if (outcome === 'saved') return result;
    const ceiling = Math.min(200, 5 * 2 ** Math.min(n, 6));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
  }
  throw new ContentionError('Too many concurrent changes to the same resource; try again.');
}
