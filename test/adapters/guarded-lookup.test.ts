// The connect-time SSRF guard, through real node http(s) requests to a receiver on loopback.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedLookup, FORBIDDEN_ADDRESS_CODE, guardedLookup } from '#adapters/http/guarded-lookup';
import type { HostResolver, ResolvedAddress } from '#app/channels/host-resolver';

let server: Server;
let port: number;
let received = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    received += 1;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A resolver that answers from a table, as a DNS server under the test's control would. */
const resolver =
  (table: Record<string, ResolvedAddress[]>): HostResolver =>
  async (hostname) =>
    table[hostname] ?? [];

type Outcome = { status: number } | { code: string | undefined };

/** A GET through `lookup`: the status, or the error's code when the request fails. */
function get(url: string, lookup: LookupFunction, secure = false): Promise<Outcome> {
  return new Promise((resolve) => {
    const send = secure ? httpsRequest : httpRequest;
    const req = send(url, { lookup, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

const LOOPBACK: ResolvedAddress[] = [{ address: '127.0.0.1', family: 4 }];

describe('guarded lookup', () => {
  it('refuses a real http request to a name that resolves to loopback (localhost, the system resolver)', async () => {
    // Prepare
    const before = received;
    // Act
    const outcome = await get(`http://localhost:${port}/hook`, guardedLookup);
    // Assess
    expect(outcome).toEqual({ code: FORBIDDEN_ADDRESS_CODE });
    expect(received).toBe(before);
  });

  it('refuses https the same way, before any TLS', async () => {
    expect(await get(`https://localhost:${port}/hook`, guardedLookup, true)).toEqual({ code: FORBIDDEN_ADDRESS_CODE });
  });

  it('lets the request through when the host is allowed (the local stack)', async () => {
    // Prepare
    const before = received;
    const lookup = createGuardedLookup({ allowHosts: ['localhost'], resolve: resolver({ localhost: LOOPBACK }) });
    // Act
    const outcome = await get(`http://localhost:${port}/hook`, lookup);
    // Assess
    expect(outcome).toEqual({ status: 200 });
    expect(received).toBe(before + 1);
  });

  it('refuses a public-looking name whose DNS answer is loopback, and lets it through once allowed', async () => {
    const resolve = resolver({ 'receiver.example': LOOPBACK });
    expect(await get(`http://receiver.example:${port}/hook`, createGuardedLookup({ resolve }))).toEqual({ code: FORBIDDEN_ADDRESS_CODE });
    expect(await get(`http://receiver.example:${port}/hook`, createGuardedLookup({ resolve, allowHosts: ['receiver.example'] }))).toEqual({
      status: 200,
    });
  });

  it('refuses when ANY address is forbidden, even when a public one comes first', async () => {
    // Prepare
    const before = received;
    const resolve = resolver({ 'mixed.example': [{ address: '93.184.215.14', family: 4 }, ...LOOPBACK] });
    // Act
    const outcome = await get(`http://mixed.example:${port}/hook`, createGuardedLookup({ resolve }));
    // Assess
    expect(outcome).toEqual({ code: FORBIDDEN_ADDRESS_CODE });
    expect(received).toBe(before);
  });

  it.each([
    ['the metadata address', { address: '169.254.169.254', family: 4 }],
    ['an IPv4-mapped loopback', { address: '::ffff:127.0.0.1', family: 6 }],
    ['an IPv6 ULA', { address: 'fd00::1', family: 6 }],
    ['a private address', { address: '10.1.2.3', family: 4 }],
  ])('refuses a name resolving to %s', async (_, address) => {
    const lookup = createGuardedLookup({ resolve: resolver({ 'evil.example': [address] }) });
    expect(await get(`http://evil.example:${port}/`, lookup)).toEqual({ code: FORBIDDEN_ADDRESS_CODE });
  });

  it('answers ENOTFOUND for a name with no address', async () => {
    expect(await get(`http://nowhere.example:${port}/`, createGuardedLookup({ resolve: resolver({}) }))).toEqual({ code: 'ENOTFOUND' });
  });

  it('gives node the public addresses it resolved, in the shape asked for (one, or all)', async () => {
    // Prepare
    const public4 = { address: '93.184.215.14', family: 4 };
    const public6 = { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 };
    const lookup = createGuardedLookup({ resolve: resolver({ 'ok.example': [public4, public6] }) }) as unknown as (
      host: string,
      options: object,
      callback: (error: Error | null, address: unknown, family?: number) => void,
    ) => void;
    const ask = (options: object) =>
      new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) =>
        lookup('ok.example', options, (error, address, family) => resolve({ error, address, family })),
      );
    // Act / Assess
    expect(await ask({ all: true })).toEqual({ error: null, address: [public4, public6], family: undefined });
    expect(await ask({ family: 6 })).toEqual({ error: null, address: public6.address, family: 6 });
    expect(await ask({})).toEqual({ error: null, address: public4.address, family: 4 });
  });
});
