// A fake Cachet 3 JSON:API on loopback, and builders for its resources. Shapes from cachethq/core
// (Cachet 3.x): src/Http/Resources/{Component,ComponentGroup,Incident,Update,Schedule,Subscriber}.php
// (attributes; times as `{human, string: "Y-m-d H:i:s"}` in the app's zone; an incident's and a
// schedule's `status` as `{human, value}`, a component's as its int), src/Enums/ComponentStatusEnum.php
// (1 operational … 4 major outage, 5 unknown), IncidentStatusEnum (0 unknown, 1 investigating,
// 2 identified, 3 watching, 4 fixed), ScheduleStatusEnum (0 upcoming, 1 in progress, 2 complete);
// JSON:API documents as timacdonald/json-api writes them: `data[].{id,type,attributes,relationships}`
// (relationships only when `include`d), `included`, and Laravel's paginator `links.next`
// (absolute, null on the last page). Subscribers answer only with `Authorization: Bearer <token>`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

type Res = { id: string; type: string; attributes: Record<string, unknown>; relationships?: Record<string, { data: unknown }> };
const when = (s: string) => ({ human: 'some time ago', string: s });
const ref = (type: string, id: string) => ({ type, id });

export function aCachetGroup(id: string, name: string, over: Record<string, unknown> = {}): Res {
  return { id, type: 'componentGroups', attributes: { id: Number(id), name, order: 1, collapsed: 0, visible: 1, created: when('2024-01-10 12:00:00'), updated: when('2024-01-10 12:00:00'), ...over } };
}

export function aCachetComponent(id: string, name: string, over: Record<string, unknown> = {}, group?: string): Res {
  return {
    id,
    type: 'components',
    attributes: { id: Number(id), name, description: 'Paying for things', link: null, order: 1, status: 1, enabled: true, meta: null, created: when('2024-01-10 12:00:00'), updated: when('2024-01-10 12:00:00'), ...over },
    relationships: { group: { data: group ? ref('componentGroups', group) : null } },
  };
}

export function aCachetUpdate(id: string, status: number, message: string, at: string): Res {
  return { id, type: 'updates', attributes: { id: Number(id), updateable_type: 'incident', message, status: { human: String(status), value: status }, created: when(at), updated: when(at) } };
}

export function aCachetIncident(id: string, name: string, over: Record<string, unknown>, updates: Res[] = [], components: string[] = []): Res {
  return {
    id,
    type: 'incidents',
    attributes: { id: Number(id), guid: `guid-${id}`, name, message: 'We are looking into it.', component_id: null, visible: 1, stickied: false, notifications: true, status: { human: 'Investigating', value: 1 }, occurred: when('2024-03-04 10:05:00'), created: when('2024-03-04 10:05:00'), updated: when('2024-03-04 10:05:00'), ...over },
    relationships: { updates: { data: updates.map((u) => ref(u.type, u.id)) }, components: { data: components.map((c) => ref('components', c)) } },
  };
}

export function aCachetSchedule(id: string, name: string, over: Record<string, unknown>, components: string[] = []): Res {
  return {
    id,
    type: 'schedules',
    attributes: { id: Number(id), name, message: 'Upgrading the database.', status: { human: 'Complete', value: 2 }, scheduled: when('2024-05-01 02:00:00'), completed: when('2024-05-01 04:00:00'), published: when('2024-04-20 00:00:00'), created: when('2024-04-20 00:00:00'), updated: when('2024-05-01 04:00:00'), ...over },
    relationships: { components: { data: components.map((c) => ref('components', c)) } },
  };
}

export function aCachetSubscriber(id: string, email: string, over: Record<string, unknown> = {}, components: string[] = []): Res {
  return {
    id,
    type: 'subscribers',
    attributes: { id: Number(id), email, global: components.length === 0, verified: true, verified_at: when('2024-01-11 00:00:00'), created: when('2024-01-11 00:00:00'), updated: when('2024-01-11 00:00:00'), ...over },
    relationships: { components: { data: components.map((c) => ref('components', c)) } },
  };
}

export interface FakeCachetData {
  groups: Res[];
  components: Res[];
  incidents: Res[];
  /** Incident updates, served in `included` beside the incidents that name them. */
  updates: Res[];
  schedules: Res[];
  subscribers: Res[];
}

export interface FakeCachet {
  url: string;
  token: string;
  data: FakeCachetData;
  requests: string[];
  /** The next request whose path and query include `match` gets a 429 with Retry-After (once). */
  rateLimitNext(match: string, retryAfter: string): void;
  close(): Promise<void>;
}

export async function startFakeCachet(data: FakeCachetData, token = 'cachet-test-token'): Promise<FakeCachet> {
  const limits: Array<{ match: string; retryAfter: string }> = [];
  const requests: string[] = [];
  let base = '';
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/vnd.api+json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const line = `${url.pathname}${url.search}`;
    requests.push(line);
    const limited = limits.findIndex((l) => line.includes(l.match));
    if (limited >= 0) return send(res, 429, { message: 'Too Many Attempts.' }, { 'retry-after': limits.splice(limited, 1)[0]!.retryAfter });
    const lists: Record<string, Res[]> = {
      '/api/component-groups': data.groups,
      '/api/components': data.components,
      '/api/incidents': data.incidents,
      '/api/schedules': data.schedules,
      '/api/subscribers': data.subscribers,
    };
    const items = lists[url.pathname];
    if (!items) return send(res, 404, { message: 'Not Found' });
    if (url.pathname === '/api/subscribers' && req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { message: 'Unauthenticated.' });
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 15));
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const include = (url.searchParams.get('include') ?? '').split(',');
    const body = slice.map((r) => ({ ...r, relationships: Object.fromEntries(Object.entries(r.relationships ?? {}).filter(([k]) => include.includes(k))) }));
    const included = include.includes('updates')
      ? slice.flatMap((r) => ((r.relationships?.updates?.data ?? []) as Array<{ id: string }>).flatMap((u) => data.updates.filter((x) => x.id === u.id)))
      : [];
    const nextUrl = new URL(url);
    nextUrl.searchParams.set('page', String(page + 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    send(res, 200, { data: body, included, links: { first: null, last: null, prev: null, next: page < last ? nextUrl.toString() : null }, meta: { current_page: page, per_page: perPage, total: items.length } });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: base,
    token,
    data,
    requests,
    rateLimitNext: (match, retryAfter) => void limits.push({ match, retryAfter }),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
