// One POST against receivers that misbehave, on loopback: whatever they do comes back as a result
// (never a throw), answers are read to 64 KB at most, redirects are answers, not followed.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postChannelRequest, POST_DEFAULTS } from '#channels/http-post';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function httpServer(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

async function tcpServer(onSocket: (socket: net.Socket) => void): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const request = { body: '{"hello":"world"}', headers: { 'webhook-id': 'msg_test' } };
const options = { ...POST_DEFAULTS, timeoutMs: 1_500 };

describe('postChannelRequest', () => {
  it('reads a 10 MB answer to 64 KB only', async () => {
    const url = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 10; i++) res.write(chunk);
      res.end();
    });
    const result = await postChannelRequest(url, request, options);
    expect(result.status).toBe(200);
    expect(result.error).toBeNull();
    expect(Buffer.byteLength(result.body)).toBeLessThanOrEqual(64 * 1024);
  });

  it('sends the body and headers as given', async () => {
    let seen: { body: string; id: string | undefined; type: string | undefined } | null = null;
    const url = await httpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { body: Buffer.concat(chunks).toString(), id: req.headers['webhook-id'] as string, type: req.headers['content-type'] };
        res.writeHead(204).end();
      });
    });
    expect(await postChannelRequest(url, request, options)).toMatchObject({ status: 204, error: null });
    expect(seen).toEqual({ body: request.body, id: 'msg_test', type: 'application/json' });
  });

  it('fails a slow drip at the timeout', async () => {
    const url = await httpServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const result = await postChannelRequest(url, request, options);
    expect(result.error).toMatch(/timed out/);
  });

  it('fails a reset and a garbage answer', async () => {
    const reset = await tcpServer((socket) => socket.on('data', () => socket.resetAndDestroy()));
    expect((await postChannelRequest(reset, request, options)).error).toMatch(/ECONNRESET|socket hang up/);
    const garbage = await tcpServer((socket) => socket.on('data', () => socket.end('this is not HTTP\r\n\r\n')));
    const result = await postChannelRequest(garbage, request, options);
    expect(result.status).toBeNull();
    expect(result.error).not.toBeNull();
  });

  it('does not follow a redirect to the metadata address', async () => {
    const url = await httpServer((_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    expect(await postChannelRequest(url, request, options)).toMatchObject({ status: 302, error: 'HTTP 302' });
  });

  it('refuses what is not http(s)', async () => {
    expect((await postChannelRequest('file:///etc/passwd', request, options)).error).toMatch(/unsupported scheme/);
  });
});
