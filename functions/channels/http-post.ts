// One POST to a channel endpoint, through node:http(s) with the SSRF guard's `lookup` (every
// address is checked at connect time): a 10 s budget for the whole exchange (connect, headers and
// a slow-dripping body alike), redirects never followed (a 3xx is an answer like any other), and
// at most 64 KB of the answer read. Whatever happens — refused, reset, TLS error, garbage, a 10 MB
// body — comes back as a PostResult; this never throws.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ChannelRequest } from '#app/channels/change';

export interface PostResult {
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  /** Up to maxBytes of the answer (utf-8). */
  body: string;
  /** Retry-After in seconds, when the answer had one. */
  retryAfterSeconds: number | null;
  latencyMs: number;
  /** Null when the answer was a 2xx. */
  error: string | null;
}

export interface PostOptions {
  timeoutMs: number;
  maxBytes: number;
  lookup?: LookupFunction;
}

export const POST_DEFAULTS: PostOptions = { timeoutMs: 10_000, maxBytes: 64 * 1024 };

export function postChannelRequest(url: string, request: ChannelRequest, options: PostOptions = POST_DEFAULTS): Promise<PostResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      fail(`timed out after ${options.timeoutMs} ms`);
      req?.destroy();
    }, options.timeoutMs);
    const finish = (result: Omit<PostResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: latency() });
    };
    const fail = (error: string, status: number | null = null, body = '') => finish({ status, body, retryAfterSeconds: null, error });

    let target: URL;
    try {
      target = new URL(url);
    } catch {
      fail('not a URL');
      return;
    }
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!client) {
      fail(`unsupported scheme ${target.protocol}`);
      return;
    }
    const body = Buffer.from(request.body, 'utf8');
    try {
      req = client.request(target, {
        method: 'POST',
        agent: false,
        ...(options.lookup ? { lookup: options.lookup } : {}),
        headers: { 'content-type': 'application/json', ...request.headers, 'content-length': String(body.length), 'user-agent': 'Herald-Webhooks/1' },
      });
    } catch (error) {
      fail(String((error as Error).message ?? error));
      return;
    }
    req.on('error', (error: NodeJS.ErrnoException) => fail(error.code ? `${error.code}: ${error.message}` : error.message));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const retryAfter = Number(res.headers['retry-after']);
        finish({
          status,
          body: text,
          retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
          error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
        });
      };
      res.on('data', (chunk: Buffer) => {
        if (size >= options.maxBytes) return;
        const room = options.maxBytes - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (size >= options.maxBytes) {
          // Enough: the rest is never read.
          done();
          res.destroy();
          req.destroy();
        }
      });
      res.on('end', done);
      res.on('error', (error) => fail(`answer broke off: ${error.message}`, status));
      res.on('close', done);
    });
    req.end(body);
  });
}
