// Every console answer: never cached (it shows who is signed in), never framed, its own CSP:
// scripts, styles and fetches from the console itself only; images from anywhere over HTTPS (a
// logo) and data: (the inline SVG charts need none).
import { createMiddleware } from 'hono/factory';
import type { ConsoleEnv } from '../env';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function consoleHeaders() {
  return createMiddleware<ConsoleEnv>(async function consoleHeaders(c, next) {
    await next();
    c.header('cache-control', 'no-store');
    c.header('content-security-policy', CONSOLE_CSP);
    c.header('x-frame-options', 'DENY');
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'same-origin');
  });
}
