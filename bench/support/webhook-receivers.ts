// The channels benchmark's receivers, run in a child process of their own (so receiving does not
// share the event loop of the stack that delivers): a few node:http servers on loopback, every
// endpoint a path /r/<n> on one of them. Healthy endpoints answer 204 at once; those listed as
// `hang` never answer (the worker's 10 s timeout ends the request), those listed as `fail` answer
// 500. Each request's arrival time (performance.timeOrigin + performance.now(), comparable across
// processes), its webhook-id and the newest update it carries (the highest `bench-update-<k>`
// marker in its body: the payload holds the whole incident) are kept per endpoint; a sample of
// endpoints has its signatures checked on arrival with the standardwebhooks library.
//
// Messages from the parent (IPC): `setup` (which endpoints hang or fail, the sample's secrets),
// `progress` (how many healthy endpoints have update k, first and last arrival), `tally` (the
// whole account), `hits` (requests per failing endpoint, requests still held open).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceiverSetup {
  kind: 'setup';
  hang: number[];
  fail: number[];
  /** Endpoint number → signing secret (`whsec_…`), for the sample whose signatures are checked. */
  secrets: Record<number, string>;
}

export interface Progress {
  kind: 'progress';
  update: number;
  /** Healthy endpoints that have received update k (or a newer one). */
  count: number;
  /** Arrival of update k at the first and at the last of them (epoch ms, high resolution). */
  first: number | null;
  last: number | null;
}

export interface Tally {
  kind: 'tally';
  healthyRequests: number;
  /** The same webhook-id twice at one healthy endpoint. */
  duplicates: number;
  /** A healthy endpoint got an update older than one it had already got. */
  outOfOrder: number;
  /** Healthy endpoints × updates 0..maxUpdate never received. */
  missing: number;
  signatures: { checked: number; valid: number; invalid: number; firstError: string | null };
}

export interface Hits {
  kind: 'hits';
  /** Endpoint number → requests received. */
  hits: Record<number, number>;
  open: number;
}

const MARKER = /bench-update-(\d+)/g;
const now = () => performance.timeOrigin + performance.now();

interface Seen {
  ids: Set<string>;
  newest: number;
  /** Update k → first arrival carrying it (or a newer one). */
  arrivals: Map<number, number>;
}

if (process.send) {
  let hang = new Set<number>();
  let fail = new Set<number>();
  let verifiers = new Map<number, Webhook>();
  const seen = new Map<number, Seen>();
  const hits = new Map<number, number>();
  const held = new Set<http.ServerResponse>();
  let healthyRequests = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  const signatures = { checked: 0, valid: 0, invalid: 0, firstError: null as string | null };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = now();
      const n = Number(/^\/r\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
      hits.set(n, (hits.get(n) ?? 0) + 1);
      if (hang.has(n)) {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      if (fail.has(n)) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('broken on purpose');
        return;
      }
      res.writeHead(204).end();
      healthyRequests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      let newest = -1;
      for (const match of body.matchAll(MARKER)) newest = Math.max(newest, Number(match[1]));
      let mine = seen.get(n);
      if (!mine) seen.set(n, (mine = { ids: new Set(), newest: -1, arrivals: new Map() }));
      if (mine.ids.has(id)) duplicates++;
      mine.ids.add(id);
      if (newest < mine.newest) outOfOrder++;
      for (let k = mine.newest + 1; k <= newest; k++) mine.arrivals.set(k, at);
      mine.newest = Math.max(mine.newest, newest);
      const verifier = verifiers.get(n);
      if (verifier) {
        signatures.checked++;
        try {
          verifier.verify(body, {
            'webhook-id': id,
            'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
            'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
          });
          signatures.valid++;
        } catch (error) {
          signatures.invalid++;
          signatures.firstError ??= `/r/${n}: ${(error as Error).message}`;
        }
      }
    });
  };

  const servers = await Promise.all(
    Array.from({ length: Number(process.env.BENCH_RECEIVER_SERVERS ?? 4) }, () => {
      const server = http.createServer(handle);
      server.requestTimeout = 0; // the hung ones are ended by the worker, not by the receiver
      return new Promise<http.Server>((resolve) => server.listen(0, '127.0.0.1', 511, () => resolve(server)));
    }),
  );

  const healthy = () => [...seen.entries()].filter(([n]) => !hang.has(n) && !fail.has(n));

  process.on('message', (message: { kind: string; update?: number; maxUpdate?: number; healthy?: number; hang?: number[]; fail?: number[]; secrets?: Record<number, string> }) => {
    if (message.kind === 'setup') {
      hang = new Set(message.hang);
      fail = new Set(message.fail);
      verifiers = new Map(Object.entries(message.secrets ?? {}).map(([n, secret]) => [Number(n), new Webhook(secret)]));
      process.send!({ kind: 'setup' });
    }
    if (message.kind === 'progress') {
      const k = message.update!;
      let count = 0;
      let first: number | null = null;
      let last: number | null = null;
      for (const [, mine] of healthy()) {
        const at = mine.arrivals.get(k);
        if (at === undefined) continue;
        count++;
        first = first === null ? at : Math.min(first, at);
        last = last === null ? at : Math.max(last, at);
      }
      process.send!({ kind: 'progress', update: k, count, first, last } satisfies Progress);
    }
    if (message.kind === 'tally') {
      let missing = message.healthy! - healthy().length; // endpoints that got nothing at all
      missing *= message.maxUpdate! + 1;
      for (const [, mine] of healthy()) for (let k = 0; k <= message.maxUpdate!; k++) if (!mine.arrivals.has(k)) missing++;
      process.send!({ kind: 'tally', healthyRequests, duplicates, outOfOrder, missing, signatures } satisfies Tally);
    }
    if (message.kind === 'hits') {
      const failing = Object.fromEntries([...hang, ...fail].map((n) => [n, hits.get(n) ?? 0]));
      process.send!({ kind: 'hits', hits: failing, open: held.size } satisfies Hits);
    }
  });
  process.on('disconnect', () => {
    for (const res of held) res.destroy();
    process.exit(0);
  });
  process.send({ kind: 'ready', ports: servers.map((server) => (server.address() as AddressInfo).port) });
}
