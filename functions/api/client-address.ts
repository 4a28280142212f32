// The address a public request came from, for per-client rate limits. Behind CloudFront the
// CloudFront-Viewer-Address header carries it (the API's origin request policy forwards it);
// a request straight to API Gateway has it in the Lambda event; under the local Node server it
// is the socket's peer. IPv6 clients are grouped by /64, the block one subscriber line gets, so
// hopping addresses inside it does not reset the budget.
//
// The header can be forged by a client that calls the API Gateway URL directly; the stage's own
// throttle on POST /v1/subscriptions (infra/constructs/api.ts) bounds what that buys.
import type { Context } from 'hono';

interface Bindings {
  event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
  incoming?: { socket?: { remoteAddress?: string } };
}

export function clientAddress(c: Context): string {
  const viewer = c.req.header('cloudfront-viewer-address');
  const env = (c.env ?? {}) as Bindings;
  const raw =
    (viewer ? stripPort(viewer) : undefined) ??
    env.event?.requestContext?.http?.sourceIp ??
    env.event?.requestContext?.identity?.sourceIp ??
    env.incoming?.socket?.remoteAddress;
  return raw ? normalise(raw) : 'unknown';
}

/** CloudFront writes `192.0.2.1:46532` or `2001:db8::1:46532`: the address, then always the port. */
function stripPort(value: string): string {
  const text = value.trim();
  return /^\[([^\]]+)\]:\d+$/.exec(text)?.[1] ?? text.replace(/:\d+$/, '');
}

function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  // IPv6: expand and keep the first four groups (the /64).
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
