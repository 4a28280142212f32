// A fake Statuspage manage API on loopback (https://developer.statuspage.io/): the endpoints the
// importer reads, `page`/`per_page` paging (subscribers from page 0, the rest from page 1),
// `Authorization: OAuth <key>`, and faults on demand: 429 with Retry-After, a connection dropped in
// the middle of an answer, a 500.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PAGE_ID } from './statuspage-fixtures';

export interface FakeStatuspageData {
  groups: unknown[];
  components: unknown[];
  incidents: unknown[];
  templates: unknown[];
  subscribers: unknown[];
  /** Postmortems by incident id (GET …/incidents/{id}/postmortem). */
  postmortems?: Record<string, unknown>;
}

export type Fault = { kind: '429'; retryAfter: string } | { kind: 'drop' } | { kind: '500' };

export interface FakeStatuspage {
  url: string;
  key: string;
  data: FakeStatuspageData;
  /** Every request's path with its query, in order. */
  requests: string[];
  /** The next request whose path and query include `match` gets `fault` (once each). */
  failNext(match: string, fault: Fault): void;
  close(): Promise<void>;
}

const PER_PAGE_MAX = 100;

export async function startFakeStatuspage(data: FakeStatuspageData, key = 'sp-test-key'): Promise<FakeStatuspage> {
  const faults: Array<{ match: string; fault: Fault }> = [];
  const requests: string[] = [];
  const server: Server = createServer((req, res) => handle(req, res));

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const line = `${url.pathname}${url.search}`;
    requests.push(line);
    const faultAt = faults.findIndex((f) => line.includes(f.match));
    if (faultAt >= 0) {
      const { fault } = faults.splice(faultAt, 1)[0]!;
      if (fault.kind === '429') return send(res, 429, { error: 'rate limited' }, { 'retry-after': fault.retryAfter });
      if (fault.kind === '500') return send(res, 500, { error: 'internal' });
      // Half an answer, then the connection goes.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write('[{"id": "half');
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    if (req.headers.authorization !== `OAuth ${key}`) return send(res, 401, { error: 'Could not authenticate' });
    const prefix = `/v1/pages/${PAGE_ID}`;
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { error: 'Not found' });
    const rest = url.pathname.slice(prefix.length);
    const postmortem = /^\/incidents\/([^/]+)\/postmortem$/.exec(rest);
    if (postmortem) {
      const found = data.postmortems?.[decodeURIComponent(postmortem[1]!)];
      return found ? send(res, 200, found) : send(res, 404, { error: 'Not found' });
    }
    const lists: Record<string, { items: unknown[]; firstPage: number }> = {
      '/component-groups': { items: data.groups, firstPage: 1 },
      '/components': { items: data.components, firstPage: 1 },
      '/incidents': { items: data.incidents, firstPage: 1 },
      '/incident_templates': { items: data.templates, firstPage: 1 },
      '/subscribers': { items: data.subscribers, firstPage: 0 },
    };
    const list = lists[rest];
    if (!list) return send(res, 404, { error: 'Not found' });
    const perPage = Math.min(PER_PAGE_MAX, Number(url.searchParams.get('per_page') ?? PER_PAGE_MAX));
    const page = Number(url.searchParams.get('page') ?? list.firstPage) - list.firstPage;
    send(res, 200, list.items.slice(page * perPage, (page + 1) * perPage));
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    key,
    data,
    requests,
    failNext: (match, fault) => void faults.push({ match, fault }),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
