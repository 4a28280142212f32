// Reads a source system's API politely: one request at a time, at most one a second by default
// (Statuspage's limit), 420/429 answered by waiting as Retry-After says, a dropped connection or a
// 5xx retried with backoff, pages followed to the end. A run that still fails can simply be run
// again: the import is idempotent, so it resumes where the last one stopped.

export interface FetcherOptions {
  baseUrl: string;
  headers?: Record<string, string>;
  /** Least time between two requests' starts; 0: no rate limit (tests, benchmarks). Default 1000. */
  minIntervalMs?: number;
  /** Tries per request before giving up (default 8). */
  attempts?: number;
  /** Longest wait for a Retry-After (default 120 s); a longer one fails the request. */
  maxRetryAfterMs?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Told of each wait (rate limit answers, retries), for the progress line. */
  onWait?: (reason: string, ms: number) => void;
}

export class SourceError extends Error {}

export interface Fetcher {
  get(path: string, query?: Record<string, string | number>): Promise<unknown>;
  /** Every item of a paged list: `page` from `firstPage`, `per_page` items, until a short page. */
  all(path: string, options?: { firstPage?: number; perPage?: number; query?: Record<string, string | number>; onPage?: (items: number) => void }): Promise<unknown[]>;
  /** Requests made so far (retries included). */
  readonly requests: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createFetcher(options: FetcherOptions): Fetcher {
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const interval = options.minIntervalMs ?? 1000;
  const attempts = options.attempts ?? 8;
  const maxRetryAfter = options.maxRetryAfterMs ?? 120_000;
  let nextStart = 0;
  let requests = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function paced<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      const wait = nextStart - now();
      if (wait > 0) await sleep(wait);
      nextStart = now() + interval;
      return work();
    });
    queue = run.catch(() => undefined);
    return run;
  }

  async function get(path: string, query: Record<string, string | number> = {}): Promise<unknown> {
    const url = new URL(`${options.baseUrl.replace(/\/$/, '')}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    let lastProblem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const outcome = await paced(async () => {
        requests++;
        try {
          const response = await fetchImpl(url, { headers: { accept: 'application/json', ...options.headers }, signal: AbortSignal.timeout(60_000) });
          const text = await response.text();
          return { response, text };
        } catch (error) {
          return { error };
        }
      });
      if ('error' in outcome) {
        lastProblem = `the connection failed (${describe(outcome.error)})`;
        await backoff(attempt, lastProblem);
        continue;
      }
      const { response, text } = outcome;
      if (response.status === 420 || response.status === 429) {
        const wait = retryAfterMs(response.headers.get('retry-after'), now()) ?? backoffMs(attempt);
        if (wait > maxRetryAfter) throw new SourceError(`${url.pathname}: rate limited for ${Math.ceil(wait / 1000)} s; try again later`);
        options.onWait?.(`rate limited (${response.status})`, wait);
        await sleep(wait);
        attempt--; // a rate-limit answer is not a failure: it says when to come back
        if (requests > 10_000_000) throw new SourceError('too many rate-limit answers');
        continue;
      }
      if (response.status >= 500) {
        lastProblem = `${response.status} ${response.statusText}`;
        await backoff(attempt, lastProblem);
        continue;
      }
      if (!response.ok) throw new SourceError(`${url.pathname}: ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 300)}` : ''}`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // A body cut short by a dropped connection: read it again.
        lastProblem = 'the answer was not whole JSON';
        await backoff(attempt, lastProblem);
      }
    }
    throw new SourceError(`${url.pathname}: gave up after ${attempts} tries (${lastProblem})`);
  }

  async function backoff(attempt: number, reason: string) {
    if (attempt >= attempts) return;
    const ms = backoffMs(attempt);
    options.onWait?.(reason, ms);
    await sleep(ms);
  }

  return {
    get,
    async all(path, { firstPage = 1, perPage = 100, query = {}, onPage } = {}) {
      const items: unknown[] = [];
      const seen = new Set<string>();
      for (let page = firstPage; ; page++) {
        const answer = await get(path, { ...query, page, per_page: perPage });
        if (!Array.isArray(answer)) throw new SourceError(`${path}: expected a list, got ${typeof answer}`);
        // An endpoint that ignores `page` answers the first page again: nothing new, so the end.
        const ids = answer.map((item) => (typeof item === 'object' && item !== null ? String((item as { id?: unknown }).id ?? '') : ''));
        if (answer.length > 0 && ids.every((id) => id !== '' && seen.has(id))) return items;
        for (const id of ids) if (id !== '') seen.add(id);
        items.push(...answer);
        onPage?.(answer.length);
        if (answer.length < perPage) return items;
      }
    },
    get requests() {
      return requests;
    },
  };
}

function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** (attempt - 1));
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
