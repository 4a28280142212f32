// The address a public request came from, for per-client rate limits and idempotency scopes.
// Behind CloudFront the CloudFront-Viewer-Address header carries it (the API's origin request
// policy forwards it), but anyone calling the API Gateway URL directly can write that header too,
// so it counts only on a request that also carries CloudFront's secret origin header
// (origin-verify.ts). Otherwise the address is the connection's own: the source IP in the Lambda
// event, or the socket's peer under the local Node server (locally there is no CloudFront).
// IPv6 clients are grouped by /64, the block one subscriber line gets, so hopping addresses
// inside it does not reset the budget.
import type { Context } from 'hono';
import { ORIGIN_VERIFY_HEADER, type OriginVerifier } from './origin-verify';

interface Bindings {
  event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The viewer's address if the request proves it came through CloudFront, else the connection's. */
export async function clientAddress(c: Context, verifyOrigin?: OriginVerifier): Promise<string> {
  const viewer = c.req.header('cloudfront-viewer-address');
  const proof = c.req.header(ORIGIN_VERIFY_HEADER);
  const trusted = viewer && proof && verifyOrigin ? await verifyOrigin(proof) : false;
  const raw = trusted ? stripPort(viewer!) : sourceAddress(c);
  return raw ? normalise(raw) : 'unknown';
}

function sourceAddress(c: Context): string | undefined {
  const env = (c.env ?? {}) as Bindings;
  return (
    env.event?.requestContext?.http?.sourceIp ??
    env.event?.requestContext?.identity?.sourceIp ??
    env.incoming?.socket?.remoteAddress
  );
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
