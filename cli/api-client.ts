// The CLI's only way to Herald: HTTP to /v1 with the API key as a bearer token. An error status
// becomes ApiRefusedError (its problem+json), no answer becomes UnreachableError.
import { ApiRefusedError, UnreachableError, UsageError, type Problem } from './errors';

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The resource version a PATCH applies to (412 when stale). */
  ifMatch?: number;
  idempotencyKey?: string;
  accept?: string;
}

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

const TIMEOUT_MS = 30_000;

export interface Target {
  /** The site's root, e.g. http://localhost:3000 (no /v1). */
  url: string;
  key: string | undefined;
}

export class HeraldClient {
  private resolved: Target | undefined;

  /** `target` may be a function: the configuration is then read at the first request, after the
   *  command's own arguments were checked (a usage error comes before "no Herald configured"). */
  constructor(
    private readonly target: Target | (() => Target),
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get baseUrl(): string {
    return this.resolve().url;
  }

  private resolve(): Target {
    return (this.resolved ??= typeof this.target === 'function' ? this.target() : this.target);
  }

  /** `path` is under /v1, e.g. `/incidents`. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    const url = new URL(`${this.resolve().url}/v1${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    const { key } = this.resolve();
    if (key) headers.authorization = `Bearer ${key}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new UnreachableError(`Cannot reach Herald at ${this.baseUrl}: ${reason(error)}`);
    }
    const text = await response.text().catch((error: unknown) => {
      throw new UnreachableError(`Herald at ${this.baseUrl} stopped answering: ${reason(error)}`);
    });
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok) throw new ApiRefusedError(toProblem(response.status, type, text, this.baseUrl));
    if (response.status === 204 || text === '') return { status: response.status, headers: response.headers, body: undefined as T };
    if (!type.includes('json')) {
      if (options.accept && !options.accept.includes('json')) return { status: response.status, headers: response.headers, body: text as T };
      throw new UnreachableError(`${this.baseUrl} answered ${path} with ${type || 'no content type'}, not JSON: is it a Herald?`);
    }
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as T };
  }

  async get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return (await this.request<T>('GET', path, { query })).body;
  }
  async post<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return (await this.request<T>('POST', path, { ...options, body })).body;
  }
  async patch<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return (await this.request<T>('PATCH', path, { ...options, body })).body;
  }
  async put<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return (await this.request<T>('PUT', path, { ...options, body })).body;
  }
  async delete(path: string): Promise<void> {
    await this.request('DELETE', path);
  }
}

function toProblem(status: number, type: string, text: string, baseUrl: string): Problem {
  if (type.includes('json')) {
    try {
      const body = JSON.parse(text) as Partial<Problem>;
      if (body && typeof body === 'object') return { ...body, status: typeof body.status === 'number' ? body.status : status };
    } catch {
      // not JSON after all
    }
  }
  if (status === 404 && !type.includes('json')) {
    throw new UnreachableError(`${baseUrl} has no /v1 API (404 ${type || 'without a content type'}): is it a Herald?`);
  }
  return { status, title: `HTTP ${status}`, detail: text.slice(0, 500).trim() || undefined };
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

/** A path segment from user input, refusing what no id looks like. */
export function segment(value: string, what: string): string {
  if (!/^[A-Za-z0-9_.@+-]{1,320}$/.test(value)) throw new UsageError(`${what} ${JSON.stringify(value)} is not one`);
  return encodeURIComponent(value);
}
