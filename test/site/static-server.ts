// Serves a folder of rendered site files over loopback, as the CDN would: `/x/` → `/x/index.html`,
// unknown paths → 404.html with status 404, and a strict Content-Security-Policy (no inline script
// or style) so that the browser test catches anything the real CDN would block. It also answers
// the subscribe form's POST, recording it.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
};

export const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface StaticSite {
  url: string;
  posts: Array<{ path: string; contentType: string; body: string }>;
  close(): Promise<void>;
}

export async function serveFolder(root: string): Promise<StaticSite> {
  const posts: StaticSite['posts'] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      posts.push({ path: url.pathname, contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Check your inbox</title><p>Check your inbox.</p>');
      return;
    }
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path.endsWith('/')) path += 'index.html';
    const headers = { 'content-security-policy': STRICT_CSP };
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      const body = await readFile(join(root, '404.html')).catch(() => Buffer.from('not found'));
      res.writeHead(404, { ...headers, 'content-type': TYPES['.html']! }).end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
