// Which URLs a channel endpoint may point at (the SSRF policy, first half): pure checks of the URL
// itself and of IP addresses. The second half resolves names and checks every address at connect
// time (adapters/http/guarded-lookup.ts), since a name can change what it points at after creation.
import ipaddr from 'ipaddr.js';
import { ValidationError } from './errors';

export const MAX_CHANNEL_URL_LENGTH = 2000;

export type ChannelUrlKind = 'webhook' | 'slack' | 'teams';

/** Why a URL is refused; each says so in the 400's `errors[].message`. */
export const CHANNEL_URL_REFUSALS = [
  'invalid',
  'too_long',
  'not_https',
  'credentials',
  'forbidden_address',
  'local_name',
  'not_slack',
  'not_teams',
] as const;
export type ChannelUrlRefusal = (typeof CHANNEL_URL_REFUSALS)[number];

export interface ChannelUrlOptions {
  /**
   * Hosts the local stack may deliver to (HERALD_ALLOW_WEBHOOK_HOSTS and its own host): `127.0.0.1`,
   * `localhost:3000` (that port only) or `localhost:3000/_local/webhooks` (only under that path).
   * Forbidden addresses are allowed on them. The deployed stack passes none.
   */
  allowHosts?: readonly string[];
  /** Plain http to an allowed host (the local stack only). */
  allowHttp?: boolean;
}

export type ChannelUrlCheck =
  | {
      ok: true;
      url: URL;
      /** The host name or address, without brackets (what a lookup resolves). */
      hostname: string;
      /** The host is an IP literal (nothing to resolve). */
      ipLiteral: boolean;
      /** The host is one of `allowHosts` (its addresses are not checked). */
      allowedHost: boolean;
    }
  | { ok: false; reason: ChannelUrlRefusal; message: string };

const refuse = (reason: ChannelUrlRefusal, message: string): ChannelUrlCheck => ({ ok: false, reason, message });

/** The hostname without IPv6 brackets, lowercased. */
export function bareHostname(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

interface AllowEntry {
  hostname: string;
  port: string | null;
  path: string | null;
}

function parseAllowEntry(entry: string): AllowEntry | null {
  const text = entry.trim().toLowerCase();
  if (!text) return null;
  try {
    const url = new URL(`http://${ipaddr.IPv6.isValid(text) ? `[${text}]` : text}`);
    const path = url.pathname === '/' ? null : url.pathname.replace(/\/+$/, '');
    return { hostname: bareHostname(url.hostname), port: url.port || null, path };
  } catch {
    return null;
  }
}

/** Whether a host (and, for entries that name them, its port and path) is on the allow list. */
export function isAllowedHost(
  allowHosts: readonly string[] | undefined,
  hostname: string,
  port: string | null = null,
  path: string | null = null,
): boolean {
  if (!allowHosts?.length) return false;
  const host = bareHostname(hostname);
  return allowHosts.some((raw) => {
    const entry = parseAllowEntry(raw);
    if (!entry || entry.hostname !== host) return false;
    if (entry.port !== null && port !== null && entry.port !== port) return false;
    if (entry.path !== null && path !== null && path !== entry.path && !path.startsWith(`${entry.path}/`)) return false;
    return true;
  });
}

/** An embedded IPv4 address: IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64 (64:ff9b::/96
 *  and the local-use 64:ff9b:1::/48, both `rfc6052` to ipaddr.js) and 6to4 forms. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return v4(p[6]!, p[7]!);
  // IPv4-compatible (::a.b.c.d, deprecated), but not :: and ::1 themselves.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return v4(p[6]!, p[7]!);
  if (range === '6to4') return v4(p[1]!, p[2]!);
  return null;
}

/**
 * Why an IP address may not be delivered to (`loopback`, `private`, `linkLocal`, `uniqueLocal`,
 * `carrierGradeNat`, `ipv4Mapped loopback`…), or null when it is a public unicast address.
 * Unparseable text is forbidden.
 */
export function forbiddenAddressRange(text: string): string | null {
  const bare = bareHostname(text).replace(/%.*$/, ''); // an IPv6 zone id
  if (!ipaddr.isValid(bare)) return 'unparseable';
  const address = ipaddr.parse(bare);
  if (address.kind() === 'ipv4') {
    const range = (address as ipaddr.IPv4).range();
    return range === 'unicast' ? null : range;
  }
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'teredo') return 'teredo';
  const inner = embeddedIpv4(v6);
  if (inner) {
    const innerRange = inner.range();
    const form = range === 'unicast' ? 'ipv4Compatible' : range;
    return innerRange === 'unicast' ? null : `${form} ${innerRange}`;
  }
  return range === 'unicast' ? null : range;
}

const isIpLiteral = (hostname: string) => ipaddr.isValid(bareHostname(hostname));

const SLACK_LOCAL_PATH = /\/services\/T[^/]*\/B[^/]*\/[^/]+\/?$/;
const TEAMS_PATH = /\/workflows\/[^/]+/;

function checkKind(kind: ChannelUrlKind, url: URL, hostname: string, allowedHost: boolean): ChannelUrlCheck | null {
  if (kind === 'slack') {
    const official = hostname === 'hooks.slack.com' && url.protocol === 'https:' && url.port === '' && /^\/services\/[^/]+/.test(url.pathname);
    const local = allowedHost && SLACK_LOCAL_PATH.test(url.pathname);
    return official || local
      ? null
      : refuse('not_slack', 'A Slack endpoint needs a Slack incoming webhook URL: https://hooks.slack.com/services/….');
  }
  if (kind === 'teams') {
    const teamsHost = hostname.endsWith('.logic.azure.com') || hostname.endsWith('.powerplatform.com');
    const official = teamsHost && url.protocol === 'https:' && TEAMS_PATH.test(url.pathname);
    const local = allowedHost && TEAMS_PATH.test(url.pathname);
    return official || local
      ? null
      : refuse(
          'not_teams',
          'A Teams endpoint needs a Workflows URL ("When a Teams webhook request is received"): https://….logic.azure.com/workflows/… or https://….powerplatform.com/…/workflows/….',
        );
  }
  return null;
}

/** Checks a channel endpoint's URL for its kind. Names are not resolved here (see guarded-lookup). */
export function checkChannelUrl(kind: ChannelUrlKind, raw: string, options: ChannelUrlOptions = {}): ChannelUrlCheck {
  if (raw.length > MAX_CHANNEL_URL_LENGTH) return refuse('too_long', `The URL is longer than ${MAX_CHANNEL_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('invalid', 'Not an absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('not_https', `The URL must use https, not ${url.protocol.replace(/:$/, '')}.`);
  if (url.username !== '' || url.password !== '') return refuse('credentials', 'The URL must not carry credentials (user:password@).');
  const hostname = bareHostname(url.hostname);
  if (!hostname) return refuse('invalid', 'The URL has no host.');
  const allowedHost = isAllowedHost(options.allowHosts, hostname, url.port || (url.protocol === 'https:' ? '443' : '80'), url.pathname);
  if (url.protocol === 'http:' && !(options.allowHttp && allowedHost)) return refuse('not_https', 'The URL must use https.');
  const ipLiteral = isIpLiteral(hostname);
  if (!allowedHost) {
    if (ipLiteral) {
      const range = forbiddenAddressRange(hostname);
      if (range) return refuse('forbidden_address', `The URL's address ${hostname} is not public (${range}).`);
    } else if (hostname === 'localhost' || hostname.endsWith('.localhost') || !hostname.includes('.')) {
      return refuse('local_name', `The URL's host ${hostname} is a local name.`);
    }
  }
  return checkKind(kind, url, hostname, allowedHost) ?? { ok: true, url, hostname, ipLiteral, allowedHost };
}

/** The ValidationError (400, `errors[].path = "url"`) a refusal answers with. */
export function channelUrlError(refusal: { reason: ChannelUrlRefusal; message: string }, path = 'url'): ValidationError {
  return new ValidationError(`The URL is refused (${refusal.reason}): ${refusal.message}`, [
    { path, message: `${refusal.reason}: ${refusal.message}` },
  ]);
}

/** `checkChannelUrl`, throwing the refusal as a ValidationError. */
export function assertChannelUrl(kind: ChannelUrlKind, raw: string, options: ChannelUrlOptions = {}) {
  const check = checkChannelUrl(kind, raw, options);
  if (!check.ok) throw channelUrlError(check);
  return check;
}
